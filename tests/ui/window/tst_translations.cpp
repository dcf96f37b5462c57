// The German translation: complete in the .ts file, and in force in the window — no text the
// analyst sees (menus, actions, dock titles, labels, buttons, tool tips, placeholders) is left
// in English when the German translation is installed.
#include "common/session.h"
#include "mainwindow.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace ff;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
};

QList<TsMessage> readTs(const QString &path, QString *error)
{
    QList<TsMessage> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return out;
    }
    QXmlStreamReader xml(&f);
    QString context;
    TsMessage m;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name"))
            context = xml.readElementText();
        else if (name == QLatin1String("message"))
            m = TsMessage{context, {}, {}, false};
        else if (name == QLatin1String("source"))
            m.source = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            m.unfinished = xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished") ||
                           xml.attributes().value(QLatin1String("type")) == QLatin1String("vanished");
            m.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            out << m;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

// Accelerator ampersands do not count when texts are compared.
QString plain(QString text)
{
    return text.remove(QLatin1Char('&')).trimmed();
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyStringIsInTheTsFile();
    void everyMessageIsTranslated();
    void placeholdersAreKept();
    void theWindowSpeaksGerman();

private:
    QList<TsMessage> m_messages;
};

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QString error;
    m_messages = readTs(QStringLiteral(FUZZFORGE_SOURCE_DIR "/translations/fuzzforge_de.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_messages.size() > 300);
}

void TestTranslations::everyStringIsInTheTsFile()
{
    // lupdate over the sources as they are now: a tr() string added since the .ts file was last
    // updated would be missing from it (and shown in English).
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh_de.ts"));
    QProcess lupdate;
    lupdate.start(QStringLiteral(FUZZFORGE_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-recursive"),
                   QStringLiteral(FUZZFORGE_SOURCE_DIR "/ui"), QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(120000));
    QCOMPARE(lupdate.exitCode(), 0);
    QString error;
    const QList<TsMessage> now = readTs(fresh, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> known;
    for (const TsMessage &m : std::as_const(m_messages))
        known.insert(m.context + QLatin1Char('|') + m.source);
    QStringList missing;
    for (const TsMessage &m : now)
        if (!known.contains(m.context + QLatin1Char('|') + m.source))
            missing << m.context + QStringLiteral(": ") + m.source;
    QVERIFY2(missing.isEmpty(),
             qPrintable(QStringLiteral("run the update_translations target, then translate:\n") +
                        missing.join(QLatin1Char('\n'))));
    QCOMPARE(now.size(), m_messages.size());
}

void TestTranslations::everyMessageIsTranslated()
{
    QStringList missing;
    for (const TsMessage &m : std::as_const(m_messages))
        if (m.unfinished || m.translation.trimmed().isEmpty())
            missing << m.context + QStringLiteral(": ") + m.source;
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

void TestTranslations::placeholdersAreKept()
{
    static const QRegularExpression placeholder(QStringLiteral("%L?[0-9n]"));
    QStringList broken;
    for (const TsMessage &m : std::as_const(m_messages)) {
        QStringList a, b;
        for (const auto &match : placeholder.globalMatch(m.source))
            a << match.captured();
        for (const auto &match : placeholder.globalMatch(m.translation))
            b << match.captured();
        a.sort();
        b.sort();
        b.removeDuplicates();
        a.removeDuplicates();
        if (a != b)
            broken << m.source + QStringLiteral(" -> ") + m.translation;
    }
    QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
}

void TestTranslations::theWindowSpeaksGerman()
{
    QTranslator german;
    QVERIFY(german.load(QLocale(QLocale::German), QStringLiteral("fuzzforge"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")));
    QApplication::installTranslator(&german);
    // English texts that the translation changes: none of them may remain on screen.
    QHash<QString, QString> english;
    for (const TsMessage &m : std::as_const(m_messages))
        if (plain(m.source) != plain(m.translation) && !m.source.contains(QLatin1Char('%')))
            english.insert(plain(m.source), m.context);

    QTemporaryDir dir;
    ui::AppSettings settings;
    settings.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("h.db"));
    ui::Session session(settings);
    ui::MainWindow window(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QStringList seen;
    const auto look = [&seen](const QString &text) {
        if (!text.isEmpty())
            seen << text;
    };
    const auto actions = window.findChildren<QAction *>();
    for (const QAction *a : actions) {
        look(a->text());
        look(a->toolTip());
    }
    const auto menus = window.findChildren<QMenu *>();
    for (const QMenu *m : menus)
        look(m->title());
    const auto docks = window.findChildren<QDockWidget *>();
    for (const QDockWidget *d : docks)
        look(d->windowTitle());
    const auto labels = window.findChildren<QLabel *>();
    for (const QLabel *l : labels)
        look(l->text());
    const auto buttons = window.findChildren<QAbstractButton *>();
    for (const QAbstractButton *b : buttons) {
        look(b->text());
        look(b->toolTip());
    }
    const auto edits = window.findChildren<QLineEdit *>();
    for (const QLineEdit *e : edits)
        look(e->placeholderText());
    const auto headers = window.findChildren<QHeaderView *>();
    for (const QHeaderView *h : headers)
        if (h->model() && h->orientation() == Qt::Horizontal)
            for (int i = 0; i < h->model()->columnCount(); ++i)
                look(h->model()->headerData(i, Qt::Horizontal).toString());
    QVERIFY(seen.size() > 80);
    QStringList stillEnglish;
    for (const QString &text : std::as_const(seen))
        if (english.contains(plain(text)))
            stillEnglish << english.value(plain(text)) + QStringLiteral(": ") + text;
    stillEnglish.removeDuplicates();
    QVERIFY2(stillEnglish.isEmpty(), qPrintable(stillEnglish.join(QLatin1Char('\n'))));
    // And a few that must be there, translated.
    QVERIFY(seen.contains(QStringLiteral("&Datei")));
    QApplication::removeTranslator(&german);
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
