#pragma once

#include <QString>
#include <QTemporaryDir>

namespace ff::test {

// A PostgreSQL server of the test's own: initdb into a temporary folder, started on
// 127.0.0.1 at a free port as the postgres user, stopped with the test.
class PostgresServer
{
public:
    ~PostgresServer();
    bool start(QString *error);
    bool stop(QString *error = nullptr);
    bool startAgain(QString *error = nullptr); // after stop(), same data and port
    bool restart(QString *error = nullptr);    // fast shutdown: live connections are cut
    QString url() const;                       // postgresql://fuzzforge:secret@127.0.0.1:PORT/fuzzforge
    quint16 port() const { return m_port; }

private:
    bool pgctl(const QStringList &args, QString *error);
    bool launch(QString *error);
    QString m_bin;
    QString m_dir;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace ff::test
