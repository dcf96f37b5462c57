#include "util/safefile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace ff;

// readResultFile against what a hostile container can leave in /results.
class TestSafeFile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_outside;

    void write(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(data);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_outside.isValid());
        const QString d = m_dir.path();
        write(d + QStringLiteral("/ok.json"), "{\"a\":1}");
        QVERIFY(QDir(d).mkpath(QStringLiteral("sub")));
        write(d + QStringLiteral("/sub/nested.txt"), "nested");
        write(m_outside.path() + QStringLiteral("/secret"), "host secret");
        QVERIFY(QFile::link(m_outside.path() + QStringLiteral("/secret"), d + QStringLiteral("/link.json")));
        QVERIFY(QFile::link(m_outside.path(), d + QStringLiteral("/linkdir")));
        QVERIFY(QFile::link(QStringLiteral("sub"), d + QStringLiteral("/innerlink")));
        QCOMPARE(::mkfifo(QFile::encodeName(d + QStringLiteral("/fifo")).constData(), 0644), 0);
        write(d + QStringLiteral("/big"), QByteArray(2000, 'x'));
    }

    void readsRegularFiles_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QByteArray>("expected");
        QTest::addRow("top") << QStringLiteral("ok.json") << QByteArray("{\"a\":1}");
        QTest::addRow("nested") << QStringLiteral("sub/nested.txt") << QByteArray("nested");
        QTest::addRow("at the limit") << QStringLiteral("big") << QByteArray(2000, 'x');
    }
    void readsRegularFiles()
    {
        QFETCH(QString, relative);
        QFETCH(QByteArray, expected);
        const auto r = util::readResultFile(m_dir.path(), relative, 2000);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r.value(), expected);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("reason");
        QTest::addRow("symlink to a host file") << QStringLiteral("link.json") << QStringLiteral("symlink");
        QTest::addRow("through a symlinked folder")
            << QStringLiteral("linkdir/secret") << QStringLiteral("not a folder");
        QTest::addRow("through an inner symlinked folder")
            << QStringLiteral("innerlink/nested.txt") << QStringLiteral("not a folder");
        QTest::addRow("fifo") << QStringLiteral("fifo") << QStringLiteral("FIFO");
        QTest::addRow("directory") << QStringLiteral("sub") << QStringLiteral("folder");
        QTest::addRow("oversize") << QStringLiteral("big") << QStringLiteral("more than the limit of 1999");
        QTest::addRow("dotdot") << QStringLiteral("../x") << QStringLiteral("leaves the results folder");
        QTest::addRow("absolute") << QStringLiteral("/etc/passwd") << QStringLiteral("not a relative path");
    }
    void refuses()
    {
        QFETCH(QString, relative);
        QFETCH(QString, reason);
        QElapsedTimer t;
        t.start();
        const auto r = util::readResultFile(m_dir.path(), relative, 1999);
        QVERIFY(!r);
        QVERIFY2(r.error().message.contains(reason), qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(QStringLiteral("host secret")));
        QVERIFY(t.elapsed() < 2000); // a FIFO must not block
    }

    void missingIsNotFound()
    {
        const auto r = util::readResultFile(m_dir.path(), QStringLiteral("absent.json"), 100);
        QVERIFY(!r);
        QCOMPARE(r.error().kind, Error::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSafeFile)
#include "tst_safefile.moc"
