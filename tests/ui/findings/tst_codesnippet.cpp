// The code around a finding, read from the project: the window of lines, the highlighted line,
// and a clear note when the file is missing, binary, outside the project or shorter than the line.
#include "codesnippet.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ff::ui;

class TestCodeSnippet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void windowAroundTheLine();
    void startOfTheFile();
    void noLineGiven();
    void missingFile();
    void binaryFile();
    void outsideTheProject();
    void linePastTheEnd();
    void secretsRedacted();

private:
    void write(const QString &relative, const QByteArray &data);
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCodeSnippet::write(const QString &relative, const QByteArray &data)
{
    const QString path = m_project + QLatin1Char('/') + relative;
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}

void TestCodeSnippet::initTestCase()
{
    m_project = m_dir.filePath(QStringLiteral("project"));
    QByteArray source;
    for (int i = 1; i <= 30; ++i)
        source += "int line" + QByteArray::number(i) + " = <" + QByteArray::number(i) + ">;\r\n";
    write(QStringLiteral("src/a.c"), source);
    write(QStringLiteral("bin/blob"), QByteArray("ELF\0\0\1\2", 7));
    QFile secret(m_dir.filePath(QStringLiteral("secret.txt")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("outside\n");
}

// The detail pane of a finding about a leaked secret shows where it is, never the value.
void TestCodeSnippet::secretsRedacted()
{
    write(QStringLiteral("config/settings.py"),
          "DEBUG = True\nAPI_TOKEN = \"Zx81kPq0aLm3Ty7uQw5e\"\n"
          "client = make_client(\"ghp_abcdefghijklmnopqrstuvwxyz0123456789\")\n");
    CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("config/settings.py"), 2);
    QVERIFY2(s.ok(), qPrintable(s.error));
    QVERIFY(s.toHtml().contains(QStringLiteral("Zx81kPq0aLm3Ty7uQw5e"))); // as read
    s.redactSecrets();
    const QString html = s.toHtml();
    QVERIFY2(!html.contains(QStringLiteral("kPq0aLm3Ty7uQw5e")), qPrintable(html));
    QVERIFY2(!html.contains(QStringLiteral("ijklmnopqrstuvwxyz0123456789")), qPrintable(html));
    QVERIFY2(html.contains(QStringLiteral("API_TOKEN = ")) && html.contains(QStringLiteral("redacted")),
             qPrintable(html));
    QVERIFY(html.contains(QStringLiteral("DEBUG = True")));
}

void TestCodeSnippet::windowAroundTheLine()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("src/a.c"), 12);
    QVERIFY2(s.ok(), qPrintable(s.error));
    QCOMPARE(s.firstLine, 7);
    QCOMPARE(s.lines.size(), 11);
    QCOMPARE(s.lines.first(), QStringLiteral("int line7 = <7>;")); // no \r left
    QCOMPARE(s.lines.at(5), QStringLiteral("int line12 = <12>;"));
    const QString html = s.toHtml();
    QVERIFY(html.contains(QStringLiteral("<b>12  int line12 = &lt;12&gt;;</b>")));
    QVERIFY(html.contains(QStringLiteral(" 7  int line7")));
    QVERIFY(!html.contains(QStringLiteral("line6 ")));
}

void TestCodeSnippet::startOfTheFile()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("src/a.c"), 2);
    QCOMPARE(s.firstLine, 1);
    QCOMPARE(s.lines.size(), 7);
}

void TestCodeSnippet::noLineGiven()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("src/a.c"), 0);
    QVERIFY(s.ok());
    QCOMPARE(s.firstLine, 1);
    QVERIFY(s.toHtml().contains(QStringLiteral("no line")));
}

void TestCodeSnippet::missingFile()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("src/gone.c"), 3);
    QVERIFY(!s.ok());
    QVERIFY2(s.error.contains(QStringLiteral("missing")), qPrintable(s.error));
    QVERIFY(s.toHtml().contains(QStringLiteral("missing")));
}

void TestCodeSnippet::binaryFile()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("bin/blob"), 1);
    QVERIFY(!s.ok());
    QVERIFY2(s.error.contains(QStringLiteral("binary")), qPrintable(s.error));
}

void TestCodeSnippet::outsideTheProject()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("../secret.txt"), 1);
    QVERIFY(!s.ok());
    QVERIFY2(s.error.contains(QStringLiteral("outside")), qPrintable(s.error));
    QVERIFY(s.lines.isEmpty());
    // Through a symbolic link too.
    QVERIFY(
        QFile::link(m_dir.filePath(QStringLiteral("secret.txt")), m_project + QStringLiteral("/link.txt")));
    const CodeSnippet l = CodeSnippet::read(m_project, QStringLiteral("link.txt"), 1);
    QVERIFY(!l.ok());
    QVERIFY(l.lines.isEmpty());
}

void TestCodeSnippet::linePastTheEnd()
{
    const CodeSnippet s = CodeSnippet::read(m_project, QStringLiteral("src/a.c"), 99);
    QVERIFY(!s.ok());
    QVERIFY2(s.error.contains(QStringLiteral("past the end")), qPrintable(s.error));
}

QTEST_MAIN(TestCodeSnippet)
#include "tst_codesnippet.moc"
