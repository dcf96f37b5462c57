// Redaction of long inputs: the generic `name = value` pattern once backtracked over long
// identifiers until PCRE2's match limit stopped it, and then redacted nothing.
#include "findings/redact.h"

#include <QElapsedTimer>
#include <QTest>

using namespace ff::findings;

class TestRedactLimits : public QObject
{
    Q_OBJECT
private slots:
    void longInputs_data();
    void longInputs();
};

void TestRedactLimits::longInputs_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("secret");
    const QString value = QStringLiteral("Hunter2Secret9Value");
    for (const int size : {20 * 1024, 200 * 1024}) {
        const QString ident(size, QLatin1Char('a'));
        const QString k = QString::number(size / 1024);
        // A long name that holds the secret word, then the value.
        QTest::addRow("password_name_%sKB", qPrintable(k))
            << (QStringLiteral("password_") + ident + QStringLiteral(" = \"") + value + QStringLiteral("\""))
            << value;
        // A long run of identifier characters before an ordinary assignment on the same line.
        QTest::addRow("identifier_then_password_%sKB", qPrintable(k))
            << (ident + QStringLiteral(" password = \"") + value + QStringLiteral("\"")) << value;
        // Many secret words with no assignment, then one with.
        QTest::addRow("many_words_%sKB", qPrintable(k))
            << (QString(QStringLiteral("token")).repeated(size / 5) + QStringLiteral("\napi_key: ") + value)
            << value;
        // A long unquoted value.
        const QString longValue = QStringLiteral("S3cr") + ident + QStringLiteral("9");
        QTest::addRow("long_value_%sKB", qPrintable(k))
            << (QStringLiteral("secret=") + longValue) << longValue;
    }
}

void TestRedactLimits::longInputs()
{
    QFETCH(QString, text);
    QFETCH(QString, secret);
    for (const bool aggressive : {false, true}) {
        QElapsedTimer clock;
        clock.start();
        const Redacted r = redactSecrets(text, aggressive);
        QVERIFY2(r.changed, aggressive ? "aggressive" : "plain");
        QVERIFY2(!r.text.contains(secret), aggressive ? "aggressive" : "plain");
        // Linear: well under a second even for 200 KB (the old pattern took seconds, then gave up).
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    }
}

QTEST_GUILESS_MAIN(TestRedactLimits)
#include "tst_redactlimits.moc"
