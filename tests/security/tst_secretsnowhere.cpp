// The secrets planted in the leaky-config example never leave redacted: a real scan through
// fuzzforge-cli writes its history database, run logs, raw results, every report format (from the
// scan and again from the history, with and without --no-redact) and its console output, and none
// of those bytes holds a planted value.
#include "testutil.h"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kCli = QStringLiteral(FUZZFORGE_CLI);
const QString kProject = QStringLiteral(FUZZFORGE_SOURCE_DIR "/resources/examples/leaky-config");

struct Outcome
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};
} // namespace

class TestSecretsNowhere : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void noOutputHoldsASecret();

private:
    Outcome cli(const QStringList &args);
    void checkBytes(const QString &where, const QByteArray &bytes);

    QTemporaryDir m_tmp;
    QProcessEnvironment m_env;
    QStringList m_values;
    QStringList m_checked;
};

void TestSecretsNowhere::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    // Everything the CLI writes on its own (history, logs, settings, caches) lands under HOME.
    m_env = QProcessEnvironment::systemEnvironment();
    const QString home = m_tmp.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(home));
    m_env.insert(QStringLiteral("HOME"), home);
    for (const char *xdg : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"})
        m_env.insert(QString::fromLatin1(xdg), home + QLatin1Char('/') + QString::fromLatin1(xdg).toLower());
    m_env.remove(QStringLiteral("FUZZFORGE_DATABASE_URL"));

    // The planted values: each assignment's right-hand side, a URL's password, the encoded token.
    for (const QString &name : {QStringLiteral(".env"), QStringLiteral("config.yaml")}) {
        QFile f(kProject + QLatin1Char('/') + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const QByteArray &line : f.readAll().split('\n')) {
            const qsizetype sep = std::max(line.indexOf('='), line.indexOf(": \""));
            if (sep <= 0 || line.startsWith('#') || line.contains("production"))
                continue;
            const QString value = QString::fromUtf8(line.mid(sep + 1)).remove(QLatin1Char('"')).trimmed();
            m_values << value;
            if (value.contains(QLatin1String("://")))
                m_values << value.section(QLatin1Char('@'), 0, 0).section(QLatin1Char(':'), -1);
        }
    }
    m_values << QStringLiteral("eG94Yi0xMDUwNjcz") << QStringLiteral("pyZ9NfUl36ohkj")
             << QStringLiteral("XRS4ASfzgUOVm0");
    m_values.removeAll(QString());
    QVERIFY(m_values.size() >= 8);
}

Outcome TestSecretsNowhere::cli(const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(m_env);
    p.setWorkingDirectory(m_tmp.path());
    p.start(kCli, args);
    Outcome o;
    if (!p.waitForFinished(900000))
        return o;
    o.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    o.out = p.readAllStandardOutput();
    o.err = p.readAllStandardError();
    checkBytes(args.value(0) + QStringLiteral(" stdout"), o.out);
    checkBytes(args.value(0) + QStringLiteral(" stderr"), o.err);
    return o;
}

void TestSecretsNowhere::checkBytes(const QString &where, const QByteArray &bytes)
{
    m_checked << where;
    for (const QString &v : std::as_const(m_values)) {
        // The value as written, and as JSON or HTML would escape its slashes.
        const QByteArray raw = v.toUtf8();
        QByteArray escaped = raw;
        escaped.replace("/", "\\/");
        QVERIFY2(!bytes.contains(raw) && !bytes.contains(escaped),
                 qPrintable(v.left(4) + QStringLiteral("… found in ") + where));
    }
}

void TestSecretsNowhere::noOutputHoldsASecret()
{
    const QString db = m_tmp.filePath(QStringLiteral("history.sqlite"));
    const QString out = m_tmp.filePath(QStringLiteral("runs"));
    const QString reports = m_tmp.filePath(QStringLiteral("reports"));
    QVERIFY(QDir().mkpath(reports));
    const QStringList formats{QStringLiteral("sarif"), QStringLiteral("html"),     QStringLiteral("pdf"),
                              QStringLiteral("csv"),   QStringLiteral("markdown"), QStringLiteral("json")};
    QStringList args{QStringLiteral("scan"),         kProject,
                     QStringLiteral("-w"),           QStringLiteral("secrets"),
                     QStringLiteral("--database"),   QStringLiteral("sqlite:") + db,
                     QStringLiteral("--output-dir"), out,
                     QStringLiteral("--json"),       reports + QStringLiteral("/scan.json"),
                     QStringLiteral("--no-redact")};
    for (const QString &f : formats)
        args << QStringLiteral("--report") << QStringLiteral("%1:%2/scan.%1").arg(f, reports);
    const Outcome scan = cli(args);
    QVERIFY2(scan.code == 0, scan.err.constData());
    QVERIFY2(scan.out.contains("github") || scan.out.contains("secret"),
             scan.out.constData()); // findings printed

    // The same reports again, from the history.
    for (const QString &f : formats) {
        const QString file = QStringLiteral("%1/history.%2").arg(reports, f);
        const Outcome r =
            cli({QStringLiteral("report"), QStringLiteral("--latest"), kProject, QStringLiteral("-f"), f,
                 QStringLiteral("-o"), file, QStringLiteral("--database"), QStringLiteral("sqlite:") + db,
                 QStringLiteral("--no-redact")});
        QVERIFY2(r.code == 0, r.err.constData());
    }
    const Outcome history =
        cli({QStringLiteral("history"), QStringLiteral("--database"), QStringLiteral("sqlite:") + db});
    QVERIFY2(history.code == 0, history.err.constData());

    // Every byte written anywhere under the test's folder: database (and its journal), run logs,
    // raw results, reports, the CLI's own logs and settings. A PDF's text is compressed: read it
    // back as text as well.
    int files = 0;
    int pdfs = 0;
    QDirIterator it(m_tmp.path(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
        checkBytes(path, f.readAll());
        ++files;
        if (path.endsWith(QLatin1String(".pdf"))) {
            QProcess text;
            text.start(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
            QVERIFY(text.waitForFinished(120000));
            QCOMPARE(text.exitCode(), 0);
            const QByteArray body = text.readAllStandardOutput();
            QVERIFY2(body.contains("fuzzforge-secrets") || body.contains("secrets"), qPrintable(path));
            checkBytes(path + QStringLiteral(" (text)"), body);
            ++pdfs;
        }
    }
    QCOMPARE(pdfs, 2);
    // The database, the run's log and its SARIF were among them.
    QVERIFY(m_checked.contains(db));
    QVERIFY(std::any_of(m_checked.cbegin(), m_checked.cend(),
                        [](const QString &p) { return p.endsWith(QLatin1String("/run.log")); }));
    QVERIFY(std::any_of(m_checked.cbegin(), m_checked.cend(),
                        [](const QString &p) { return p.endsWith(QLatin1String("/secrets.sarif")); }));
    QVERIFY2(files >= 16, qPrintable(QString::number(files)));
    qInfo("%d files and %lld outputs checked for %lld planted values", files,
          static_cast<long long>(m_checked.size()), static_cast<long long>(m_values.size()));
}

QTEST_GUILESS_MAIN(TestSecretsNowhere)
#include "tst_secretsnowhere.moc"
