// Secret values are hidden before a finding is stored (completeFindings) and in every finding
// an output writes (redactFinding: reports, scan --json, diff --json, the clipboard).
#include "findings/finding.h"
#include "findings/redact.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ff::findings;

namespace {
const QString kAws = QStringLiteral("AKIAQWERTYUIOPASDFGH");
const QString kPassword = QStringLiteral("Tr0ub4dor&3horse");

Finding findingAt(const QString &workflow, const QString &tool, const QString &rule, int line)
{
    Finding f;
    f.workflow = workflow;
    f.tool = tool;
    f.ruleId = rule;
    f.path = QStringLiteral("app/config.py");
    f.region.startLine = line;
    f.region.endLine = line + 2;
    f.message = QStringLiteral("flagged");
    return f;
}
} // namespace

class TestFindingRedaction : public QObject
{
    Q_OBJECT
private slots:
    void storedSnippetHasNoSecret_data();
    void storedSnippetHasNoSecret();
    void toolTextOfSecretFinding();
    void crashStack();
    void fingerprintIsNoOracle_data();
    void fingerprintIsNoOracle();
};

void TestFindingRedaction::storedSnippetHasNoSecret_data()
{
    QTest::addColumn<QString>("workflow");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("rule");
    QTest::addRow("secrets workflow") << "secrets"
                                      << "fuzzforge-secrets"
                                      << "aws-access-key";
    // A static-analysis finding next to a credential: the snippet holds the credential's line.
    QTest::addRow("static analysis") << "static-analysis"
                                     << "bandit"
                                     << "B307";
}

void TestFindingRedaction::storedSnippetHasNoSecret()
{
    QFETCH(QString, workflow);
    QFETCH(QString, tool);
    QFETCH(QString, rule);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("app")));
    QFile file(dir.filePath(QStringLiteral("app/config.py")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("import os\naws_key = \"%1\"\nDB_PASSWORD = \"%2\"\nx = eval(y)\n")
                   .arg(kAws, kPassword)
                   .toUtf8());
    file.close();
    QList<Finding> fs{findingAt(workflow, tool, rule, 2)};
    completeFindings(fs, dir.path());
    QVERIFY(!fs[0].snippet.isEmpty());
    QVERIFY2(!fs[0].snippet.contains(kAws), qPrintable(fs[0].snippet));
    QVERIFY2(!fs[0].snippet.contains(kPassword), qPrintable(fs[0].snippet));
    QVERIFY(fs[0].snippet.contains(QLatin1String("x = eval(y)"))); // the code itself stays
    QVERIFY(!fs[0].fingerprint.isEmpty());
}

void TestFindingRedaction::toolTextOfSecretFinding()
{
    // What the tool wrote itself (its snippet and message) is hidden too before it is stored.
    Finding f =
        findingAt(QStringLiteral("secrets"), QStringLiteral("gitleaks"), QStringLiteral("generic"), 0);
    f.snippet = QStringLiteral("token: '%1'").arg(kPassword);
    f.message = QStringLiteral("found \"%1\" in config").arg(kAws);
    QList<Finding> fs{f};
    completeFindings(fs, QDir::tempPath());
    QVERIFY2(!fs[0].snippet.contains(kPassword), qPrintable(fs[0].snippet));
    QVERIFY2(!fs[0].message.contains(kAws), qPrintable(fs[0].message));
}

void TestFindingRedaction::crashStack()
{
    Finding f = findingAt(QStringLiteral("libfuzzer"), QStringLiteral("libfuzzer"),
                          QStringLiteral("heap-overflow"), 0);
    QJsonObject crash;
    crash.insert(QLatin1String("stack"),
                 QStringLiteral("#0 parse\nread password=%1 from input\n").arg(kPassword));
    f.properties.insert(QLatin1String("crash"), crash);
    QVERIFY(redactFinding(f, true));
    const QString stack =
        f.properties.value(QLatin1String("crash")).toObject().value(QLatin1String("stack")).toString();
    QVERIFY2(!stack.contains(kPassword), qPrintable(stack));
    QVERIFY(stack.contains(QLatin1String("#0 parse")));
    // Not a secret finding and not asked to: left as it is (the reports' --no-redact).
    Finding g = findingAt(QStringLiteral("libfuzzer"), QStringLiteral("libfuzzer"),
                          QStringLiteral("heap-overflow"), 0);
    g.properties.insert(QLatin1String("crash"), crash);
    QVERIFY(!redactFinding(g, false));
}

void TestFindingRedaction::fingerprintIsNoOracle_data()
{
    QTest::addColumn<QString>("workflow");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QString>("rule");
    QTest::addRow("secrets workflow") << "secrets"
                                      << "fuzzforge-secrets"
                                      << "generic-password";
    QTest::addRow("gitleaks") << "secrets"
                              << "gitleaks"
                              << "generic-api-key";
    QTest::addRow("static analysis") << "static-analysis"
                                     << "bandit"
                                     << "B105";
}

void TestFindingRedaction::fingerprintIsNoOracle()
{
    QFETCH(QString, workflow);
    QFETCH(QString, tool);
    QFETCH(QString, rule);
    // Two guessable passwords of the same length and prefix: an attacker holding the exported
    // fingerprint must not tell which one the line held by hashing candidates.
    QStringList prints;
    for (const QString &password : {QStringLiteral("summer2024!"), QStringLiteral("summer2025!")}) {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("app")));
        const QString line = QStringLiteral("DB_PASSWORD = \"%1\"").arg(password);
        QFile file(dir.filePath(QStringLiteral("app/config.py")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("import os\n%1\n").arg(line).toUtf8());
        file.close();
        QList<Finding> fs{findingAt(workflow, tool, rule, 2)};
        completeFindings(fs, dir.path());
        QVERIFY(!fs[0].fingerprint.isEmpty());
        QVERIFY(fs[0].fingerprint != fingerprintOf(rule, fs[0].path, line));
        QList<Finding> again{findingAt(workflow, tool, rule, 2)};
        completeFindings(again, dir.path());
        QCOMPARE(again[0].fingerprint, fs[0].fingerprint); // stable, so triage still matches
        prints << fs[0].fingerprint;
    }
    QCOMPARE(prints[0], prints[1]);
}

QTEST_GUILESS_MAIN(TestFindingRedaction)
#include "tst_findingredaction.moc"
