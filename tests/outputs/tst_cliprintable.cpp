// The CLI prints container-controlled text (messages, paths, rule ids, log lines, errors):
// terminal control characters become visible escapes; JSON it writes hides secret values.
#include "cli/output.h"
#include "cli/printable.h"

#include <QJsonDocument>
#include <QTest>

using namespace ff;

class TestCliPrintable : public QObject
{
    Q_OBJECT
private slots:
    void printable_data();
    void printable();
    void summaryOfHostileFinding();
    void findingsJsonRedacts();
};

void TestCliPrintable::printable_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain") << "a\tb\nc é ü 漢"
                           << "a\tb\nc é ü 漢";
    QTest::addRow("csi clear screen") << "x\x1b[2J\x1b[Hy"
                                      << "x\\u001b[2J\\u001b[Hy";
    QTest::addRow("osc title") << "\x1b]0;pwned\x07"
                               << "\\u001b]0;pwned\\u0007";
    QTest::addRow("carriage return") << "ok\rFAKE"
                                     << "ok\\u000dFAKE";
    QTest::addRow("backspace nul") << QString(QStringLiteral("a\bb") + QChar(0) + QStringLiteral("c"))
                                   << "a\\u0008b\\u0000c";
    QTest::addRow("del") << "a\x7f"
                            "b"
                         << "a\\u007fb";
    QTest::addRow("c1 csi") << QString(QStringLiteral("a") + QChar(0x9b) + QStringLiteral("31mb") +
                                       QChar(0x85))
                            << "a\\u009b31mb\\u0085";
    QTest::addRow("bidi override") << QString(QStringLiteral("file") + QChar(0x202e) +
                                              QStringLiteral("txt.exe"))
                                   << "file\\u202etxt.exe";
    QTest::addRow("bidi isolates") << QString(QChar(0x2066) + QStringLiteral("x") + QChar(0x2069) +
                                              QChar(0x202a))
                                   << "\\u2066x\\u2069\\u202a";
    QTest::addRow("zero width joiner kept") << QString(QChar(0x200d)) << QString(QChar(0x200d));
}

void TestCliPrintable::printable()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(cli::printable(text), expected);
}

void TestCliPrintable::summaryOfHostileFinding()
{
    findings::Finding f;
    f.tool = QStringLiteral("bandit");
    f.ruleId = QStringLiteral("B1\x1b[31m");
    f.path = QString(QStringLiteral("src/a") + QChar(0x202e) + QStringLiteral("yp.exe"));
    f.region.startLine = 3;
    f.message = QStringLiteral("\x1b]8;;http://evil\x07link\x1b]8;;\x07 \r\x1b[2K fake");
    run::RunResult r;
    r.workflowId = QStringLiteral("static-analysis");
    r.state = run::RunState::Failed;
    r.error = QStringLiteral("tool said \x1b[?1049h");
    QString text;
    QTextStream s(&text);
    cli::printSummary(s, QStringLiteral("/p\x1b[8m"), {r}, {f}, true);
    for (const QChar c : std::as_const(text)) {
        const char16_t u = c.unicode();
        QVERIFY2(u == u'\n' || u == u'\t' ||
                     (u >= 0x20 && u != 0x7f && !(u >= 0x80 && u <= 0x9f) && !(u >= 0x202a && u <= 0x202e) &&
                      !(u >= 0x2066 && u <= 0x2069)),
                 qPrintable(QStringLiteral("U+%1 in %2").arg(int(u), 4, 16, QLatin1Char('0')).arg(text)));
    }
    QVERIFY(text.contains(QLatin1String("\\u001b[31m")));
}

void TestCliPrintable::findingsJsonRedacts()
{
    const QString value = QStringLiteral("ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ");
    findings::Finding secret;
    secret.workflow = QStringLiteral("secrets");
    secret.tool = QStringLiteral("fuzzforge-secrets");
    secret.ruleId = QStringLiteral("github-token");
    secret.snippet = QStringLiteral("GH = \"%1\"").arg(value);
    secret.message = QStringLiteral("GitHub token %1").arg(value);
    findings::Finding crash;
    crash.workflow = QStringLiteral("libfuzzer");
    crash.tool = QStringLiteral("libfuzzer");
    crash.ruleId = QStringLiteral("crash");
    QJsonObject c;
    c.insert(QLatin1String("stack"), QStringLiteral("input was api_key=%1").arg(value));
    crash.properties.insert(QLatin1String("crash"), c);
    const QByteArray json = QJsonDocument(cli::findingsJson({secret, crash})).toJson();
    QVERIFY2(!json.contains(value.toUtf8()), json.constData());
    QVERIFY(json.contains("github-token"));
    QVERIFY(json.contains("redacted"));
}

QTEST_GUILESS_MAIN(TestCliPrintable)
#include "tst_cliprintable.moc"
