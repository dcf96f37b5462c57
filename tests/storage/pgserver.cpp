#include "pgserver.h"

#include <QDir>
#include <QProcess>
#include <QTcpServer>
#include <QThread>

namespace ff::test {

namespace {
int runAsPostgres(const QString &program, const QStringList &args, QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral("runuser"),
            QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} +
                args);
    if (!p.waitForFinished(120000))
        return -1;
    if (output)
        *output = QString::fromUtf8(p.readAll());
    return p.exitCode();
}
} // namespace

PostgresServer::~PostgresServer()
{
    stop();
    if (!m_dir.isEmpty())
        QDir(m_dir).removeRecursively();
}

bool PostgresServer::pgctl(const QStringList &args, QString *error)
{
    QString out;
    const int code = runAsPostgres(m_bin + QStringLiteral("/pg_ctl"), args, &out);
    if (code != 0 && error)
        *error = QStringLiteral("pg_ctl %1: %2").arg(args.join(QLatin1Char(' ')), out);
    return code == 0;
}

bool PostgresServer::start(QString *error)
{
    const QStringList versions =
        QDir(QStringLiteral("/usr/lib/postgresql")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (versions.isEmpty()) {
        *error =
            QStringLiteral("PostgreSQL is not installed (packaging/test.sh installs Debian's postgresql)");
        return false;
    }
    m_bin = QStringLiteral("/usr/lib/postgresql/%1/bin").arg(versions.last());
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
    }
    m_dir = QDir::tempPath() + QStringLiteral("/fuzzforge-pg-%1").arg(m_port);
    QDir(m_dir).removeRecursively();
    QDir().mkpath(m_dir);
    QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres:postgres"), m_dir});
    QString out;
    if (runAsPostgres(m_bin + QStringLiteral("/initdb"),
                      {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-U"),
                       QStringLiteral("fuzzforge"), QStringLiteral("--auth=trust"),
                       QStringLiteral("--no-sync")},
                      &out) != 0) {
        *error = QStringLiteral("initdb failed: ") + out;
        return false;
    }
    if (!launch(error))
        return false;
    if (runAsPostgres(m_bin + QStringLiteral("/createdb"),
                      {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                       QString::number(m_port), QStringLiteral("-U"), QStringLiteral("fuzzforge"),
                       QStringLiteral("fuzzforge")},
                      &out) != 0) {
        *error = QStringLiteral("createdb failed: ") + out;
        return false;
    }
    return true;
}

bool PostgresServer::launch(QString *error)
{
    if (!pgctl(
            {QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-l"),
             m_dir + QStringLiteral("/log"), QStringLiteral("-w"), QStringLiteral("-o"),
             QStringLiteral("-p %1 -k %2 -c listen_addresses=127.0.0.1 -c fsync=off").arg(m_port).arg(m_dir),
             QStringLiteral("start")},
            error))
        return false;
    m_running = true;
    return true;
}

bool PostgresServer::startAgain(QString *error)
{
    return m_running || launch(error);
}

bool PostgresServer::stop(QString *error)
{
    if (!m_running)
        return true;
    m_running = false;
    return pgctl({QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"),
                  QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
                 error);
}

bool PostgresServer::restart(QString *error)
{
    return pgctl({QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-m"),
                  QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("restart")},
                 error);
}

QString PostgresServer::url() const
{
    return QStringLiteral("postgresql://fuzzforge:secret@127.0.0.1:%1/fuzzforge").arg(m_port);
}

} // namespace ff::test
