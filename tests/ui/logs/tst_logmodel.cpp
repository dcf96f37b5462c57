#include "common/session.h"
#include "logs/logbuffer.h"
#include "logs/logfilterproxy.h"
#include "logs/logmodel.h"
#include "logs/logsview.h"
#include "logs/logview.h"
#include "logs/storedlog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;
using namespace ff::ui;
using docker::LogLine;
using docker::StreamKind;

namespace {

QList<LogLine> numbered(int from, int count, StreamKind stream = StreamKind::Stdout)
{
    QList<LogLine> lines;
    for (int i = from; i < from + count; ++i)
        lines << LogLine{stream, {}, QStringLiteral("line %1").arg(i)};
    return lines;
}

QList<LogLine> mixed()
{
    return {
        {StreamKind::Stdout, {}, QStringLiteral("compiling main.c")},
        {StreamKind::Stderr, {}, QStringLiteral("warning: unused variable 'x'")},
        {StreamKind::Stdout, {}, QStringLiteral("found 3 issues")},
        {StreamKind::Stderr, {}, QStringLiteral("ERROR: cannot open /target/secret")},
        {StreamKind::Stdout, {}, QStringLiteral("done in 12 s")},
    };
}

} // namespace

class TestLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bufferEvictsTheOldest();
    void bufferCapacityChanges();
    void modelTester();
    void modelEvictsInBatches();
    void batchLargerThanCapacity();
    void timestampsPrefix();
    void streamFilter();
    void search_data();
    void search();
    void onlyMatching();
    void findWraps();
    void storedLogParses();
    void followStopsWhenScrolledUp();
    void searchBoxIsDebounced();
    void saveWritesWhatIsShown();
    void saveFailureIsShown();
    void tabsFollowTheSession();
    void workingRunIsShown();
};

void TestLogModel::bufferEvictsTheOldest()
{
    LogBuffer b(3);
    for (int i = 0; i < 5; ++i)
        b.append(LogEntry{StreamKind::Stdout, 0, QString::number(i)});
    QCOMPARE(b.size(), 3);
    QCOMPARE(b.firstId(), 2);
    QCOMPARE(b.nextId(), 5);
    QCOMPARE(b.dropped(), 2);
    QCOMPARE(b.at(0).text, QStringLiteral("2"));
    QCOMPARE(b.at(2).text, QStringLiteral("4"));
    QCOMPARE(b.idAt(2), 4);
    b.skip(10);
    QCOMPARE(b.nextId(), 15);
    QCOMPARE(b.dropped(), 12);
    b.clear();
    QCOMPARE(b.size(), 0);
    QCOMPARE(b.firstId(), 15); // ids are never reused
}

void TestLogModel::bufferCapacityChanges()
{
    LogBuffer b(4);
    for (int i = 0; i < 6; ++i) // wraps: the ring's head is not at 0
        b.append(LogEntry{StreamKind::Stdout, 0, QString::number(i)});
    b.setCapacity(8);
    for (int i = 6; i < 10; ++i)
        b.append(LogEntry{StreamKind::Stdout, 0, QString::number(i)});
    QCOMPARE(b.size(), 8);
    for (int i = 0; i < 8; ++i)
        QCOMPARE(b.at(i).text, QString::number(i + 2));
    b.setCapacity(3);
    QCOMPARE(b.size(), 3);
    QCOMPARE(b.at(0).text, QStringLiteral("7"));
    QCOMPARE(b.dropped(), 7);
    b.append(LogEntry{StreamKind::Stdout, 0, QStringLiteral("10")});
    QCOMPARE(b.at(0).text, QStringLiteral("8"));
    QCOMPARE(b.at(2).text, QStringLiteral("10"));
}

void TestLogModel::modelTester()
{
    LogModel model(50);
    LogFilterProxy proxy(&model);
    QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 10; ++i)
        model.appendLines(numbered(i * 13, 13, i % 2 ? StreamKind::Stderr : StreamKind::Stdout));
    proxy.setStreams(LogFilterProxy::Streams::Stderr);
    proxy.setSearch(QStringLiteral("1"), false);
    proxy.setOnlyMatching(true);
    model.appendLines(numbered(500, 80, StreamKind::Stderr));
    model.setTimestampsShown(true);
    proxy.setSearch(QStringLiteral("line 5[0-9]+"), true);
    model.setCapacity(20);
    proxy.setOnlyMatching(false);
    proxy.setStreams(LogFilterProxy::Streams::All);
    model.setLines(mixed());
    model.appendLines(numbered(0, 100));
    model.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void TestLogModel::modelEvictsInBatches()
{
    LogModel model(100);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    for (int i = 0; i < 5; ++i)
        model.appendLines(numbered(i * 30, 30));
    QCOMPARE(inserted.count(), 5); // one insertion per batch
    QCOMPARE(removed.count(), 2);  // batches 4 and 5 overflow
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 19);
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.droppedCount(), 50);
    QCOMPARE(model.index(0).data(LogModel::IdRole).toLongLong(), 50);
    QCOMPARE(model.index(0).data(LogModel::TextRole).toString(), QStringLiteral("line 50"));
    QCOMPARE(model.index(99).data(LogModel::IdRole).toLongLong(), 149);
    QCOMPARE(model.index(99).data().toString(), QStringLiteral("line 149"));
}

void TestLogModel::batchLargerThanCapacity()
{
    LogModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendLines(numbered(0, 40));
    model.appendLines(numbered(40, 250));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.droppedCount(), 190);
    QCOMPARE(model.index(0).data(LogModel::IdRole).toLongLong(), 190);
    QCOMPARE(model.index(0).data(LogModel::TextRole).toString(), QStringLiteral("line 190"));
}

void TestLogModel::timestampsPrefix()
{
    LogModel model(10);
    const QDateTime printed =
        QDateTime::fromString(QStringLiteral("2024-05-01T10:20:30.456Z"), Qt::ISODateWithMs);
    model.appendLines({LogLine{StreamKind::Stdout, printed, QStringLiteral("with time")},
                       LogLine{StreamKind::Stdout, {}, QStringLiteral("arrived")}},
                      printed.addSecs(5).toMSecsSinceEpoch());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setTimestampsShown(true);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0).data().toString(),
             printed.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz ")) + QStringLiteral("with time"));
    // A line without the engine's time shows when it arrived.
    QCOMPARE(model.index(1).data().toString(),
             printed.addSecs(5).toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz ")) +
                 QStringLiteral("arrived"));
    QCOMPARE(model.index(0).data(LogModel::TimestampRole).toDateTime(), printed);
    model.setLines({LogLine{StreamKind::Stdout, {}, QStringLiteral("stored")}});
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("--:--:--.--- stored"));
    QVERIFY(!model.index(0).data(LogModel::TimestampRole).toDateTime().isValid());
}

void TestLogModel::streamFilter()
{
    LogModel model(100);
    LogFilterProxy proxy(&model);
    model.appendLines(mixed());
    QCOMPARE(proxy.rowCount(), 5);
    proxy.setStreams(LogFilterProxy::Streams::Stderr);
    QCOMPARE(proxy.rowCount(), 2);
    for (int r = 0; r < proxy.rowCount(); ++r)
        QCOMPARE(proxy.index(r, 0).data(LogModel::StreamRole).toInt(), int(StreamKind::Stderr));
    proxy.setStreams(LogFilterProxy::Streams::Stdout);
    QCOMPARE(proxy.rowCount(), 3);
    model.appendLines({LogLine{StreamKind::Stderr, {}, QStringLiteral("late error")},
                       LogLine{StreamKind::Stdout, {}, QStringLiteral("late output")}});
    QCOMPARE(proxy.rowCount(), 4);
    QCOMPARE(proxy.index(3, 0).data().toString(), QStringLiteral("late output"));
}

void TestLogModel::search_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("regex");
    QTest::addColumn<QList<int>>("matching");
    QTest::addColumn<bool>("valid");
    QTest::addRow("plain, any case") << QStringLiteral("error") << false << QList<int>{3} << true;
    QTest::addRow("plain, brackets are text") << QStringLiteral("'x'") << false << QList<int>{1} << true;
    QTest::addRow("plain, dot is a dot") << QStringLiteral("main.c") << false << QList<int>{0} << true;
    QTest::addRow("regex alternatives")
        << QStringLiteral("^(warning|error):") << true << QList<int>{1, 3} << true;
    QTest::addRow("regex digits") << QStringLiteral("\\d+ s$") << true << QList<int>{4} << true;
    QTest::addRow("regex text as plain") << QStringLiteral("m.in") << false << QList<int>{} << true;
    QTest::addRow("regex invalid") << QStringLiteral("(unclosed") << true << QList<int>{} << false;
    QTest::addRow("empty") << QString() << false << QList<int>{} << true;
}

void TestLogModel::search()
{
    QFETCH(QString, text);
    QFETCH(bool, regex);
    QFETCH(QList<int>, matching);
    QFETCH(bool, valid);
    LogModel model(100);
    LogFilterProxy proxy(&model);
    model.appendLines(mixed());
    proxy.setSearch(text, regex);
    QCOMPARE(proxy.searchError().isEmpty(), valid);
    QList<int> highlighted;
    for (int r = 0; r < proxy.rowCount(); ++r)
        if (proxy.index(r, 0).data(Qt::BackgroundRole).isValid())
            highlighted << r;
    QCOMPARE(highlighted, matching);
    QCOMPARE(proxy.rowCount(), 5); // highlighting hides nothing
}

void TestLogModel::onlyMatching()
{
    LogModel model(100);
    LogFilterProxy proxy(&model);
    model.appendLines(mixed());
    proxy.setSearch(QStringLiteral("e?rror|warn"), true);
    proxy.setOnlyMatching(true);
    QCOMPARE(proxy.rowCount(), 2);
    model.appendLines({LogLine{StreamKind::Stdout, {}, QStringLiteral("no match here")},
                       LogLine{StreamKind::Stdout, {}, QStringLiteral("Warning again")}});
    QCOMPARE(proxy.rowCount(), 3);
    QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("Warning again"));
    proxy.setStreams(LogFilterProxy::Streams::Stderr);
    QCOMPARE(proxy.rowCount(), 2);
    // No search (or an invalid one): every line of the stream.
    proxy.setSearch(QStringLiteral("[bad"), true);
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setStreams(LogFilterProxy::Streams::All);
    proxy.setSearch({}, false);
    QCOMPARE(proxy.rowCount(), 7);
}

void TestLogModel::findWraps()
{
    LogModel model(100);
    LogFilterProxy proxy(&model);
    model.appendLines(mixed());
    proxy.setSearch(QStringLiteral("o"), false); // rows 0, 2, 3, 4
    QCOMPARE(proxy.findMatch(-1, true), 0);
    QCOMPARE(proxy.findMatch(0, true), 2);
    QCOMPARE(proxy.findMatch(2, true), 3);
    QCOMPARE(proxy.findMatch(4, true), 0);
    QCOMPARE(proxy.findMatch(0, false), 4);
    QCOMPARE(proxy.findMatch(2, false), 0);
    QCOMPARE(proxy.findMatch(-1, false), 4);
    proxy.setSearch(QStringLiteral("nowhere"), false);
    QCOMPARE(proxy.findMatch(0, true), -1);
}

void TestLogModel::storedLogParses()
{
    const QByteArray stored = "out: partial line cut by the cap\n"
                              "stdout hello\n"
                              "stderr oops: \xc3\xa9\n"
                              "stdout \n"
                              "stdout last\n";
    qint64 skipped = -1;
    auto lines = parseStoredLog(stored, 100, &skipped);
    QCOMPARE(skipped, 0);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines.at(0).text, QStringLiteral("out: partial line cut by the cap"));
    QCOMPARE(lines.at(0).stream, StreamKind::Stdout);
    QCOMPARE(lines.at(1).text, QStringLiteral("hello"));
    QCOMPARE(lines.at(2).stream, StreamKind::Stderr);
    QCOMPARE(lines.at(2).text, QStringLiteral("oops: \u00e9"));
    QCOMPARE(lines.at(3).text, QString());
    QCOMPARE(lines.at(4).text, QStringLiteral("last"));
    lines = parseStoredLog(stored, 2, &skipped);
    QCOMPARE(skipped, 3);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(1).text, QStringLiteral("last"));
    QVERIFY(parseStoredLog({}, 10, &skipped).isEmpty());
    QCOMPARE(skipped, 0);
    lines = parseStoredLog("stderr no newline at the end", 10);
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).stream, StreamKind::Stderr);
}

void TestLogModel::followStopsWhenScrolledUp()
{
    LogView view(500);
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QScrollBar *bar = view.listView()->verticalScrollBar();
    QVERIFY(view.isFollowing());
    view.appendLines(numbered(0, 200));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    QSignalSpy following(&view, &LogView::followingChanged);
    bar->setValue(100); // the analyst scrolls up
    QVERIFY(!view.isFollowing());
    QCOMPARE(following.count(), 1);
    view.appendLines(numbered(200, 100));
    QTRY_VERIFY(bar->maximum() > 150);
    QCOMPARE(bar->value(), 100); // not dragged to the end
    const QString topLine = view.listView()->indexAt(QPoint(5, 5)).data().toString();

    // Over capacity: the oldest lines go, and what the analyst reads stays where it is.
    view.appendLines(numbered(300, 250));
    QTRY_COMPARE(view.lineCount(), 500);
    QCOMPARE(view.droppedCount(), 50);
    QCOMPARE(view.listView()->indexAt(QPoint(5, 5)).data().toString(), topLine);
    QVERIFY(!view.isFollowing());

    bar->setValue(bar->maximum()); // back at the end
    QVERIFY(view.isFollowing());
    view.appendLines(numbered(550, 100));
    const QModelIndex last = view.proxy()->index(view.proxy()->rowCount() - 1, 0);
    QCOMPARE(last.data().toString(), QStringLiteral("line 649"));
    QTRY_VERIFY(view.listView()->viewport()->rect().contains(view.listView()->visualRect(last)));
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(view.statusText(), QStringLiteral("500 lines (150 dropped)"));

    // Jumping to a match stops following.
    view.setSearch(QStringLiteral("line 400"), false);
    QVERIFY(view.findNext());
    QCOMPARE(view.listView()->currentIndex().data().toString(), QStringLiteral("line 400"));
    QVERIFY(!view.isFollowing());
}

void TestLogModel::searchBoxIsDebounced()
{
    LogView view(100);
    view.show();
    view.appendLines(mixed());
    QTest::keyClicks(view.searchBox(), QStringLiteral("error"));
    QCOMPARE(view.proxy()->searchText(), QString()); // not yet: the box waits for typing to pause
    QTRY_COMPARE_WITH_TIMEOUT(view.proxy()->searchText(), QStringLiteral("error"), 2000);
    QVERIFY(view.proxy()->index(3, 0).data(Qt::BackgroundRole).isValid());
    view.setOnlyMatching(true);
    QCOMPARE(view.proxy()->rowCount(), 1);
    QCOMPARE(view.statusText(), QStringLiteral("1 of 5 lines shown (0 dropped)"));
    // Ctrl+F gives the box the focus; F3 goes to the next match.
    view.listView()->setFocus();
    QTest::keySequence(&view, QKeySequence(Qt::CTRL | Qt::Key_F));
    QTRY_VERIFY(view.searchBox()->hasFocus());
    view.setOnlyMatching(false);
    view.listView()->setFocus();
    QTest::keySequence(&view, QKeySequence(Qt::Key_F3));
    QCOMPARE(view.listView()->currentIndex().row(), 3);
    QTest::keySequence(&view, QKeySequence(Qt::SHIFT | Qt::Key_F3));
    QCOMPARE(view.listView()->currentIndex().row(), 3);
}

void TestLogModel::saveWritesWhatIsShown()
{
    QTemporaryDir dir;
    LogView view(100);
    view.appendLines(mixed());
    view.proxy()->setStreams(LogFilterProxy::Streams::Stderr);
    QSignalSpy saved(&view, &LogView::saved);
    const QString path = dir.filePath(QStringLiteral("errors.log"));
    view.saveTo(path);
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 5000);
    QCOMPARE(saved.at(0).at(1).toString(), QString());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("warning: unused variable 'x'\nERROR: cannot open /target/secret\n"));
}

void TestLogModel::saveFailureIsShown()
{
    QTemporaryDir dir;
    LogView view(100);
    view.show();
    view.appendLines(mixed());
    QSignalSpy saved(&view, &LogView::saved);
    view.saveTo(dir.filePath(QStringLiteral("missing/folder/run.log")));
    QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 5000);
    QVERIFY(!saved.at(0).at(1).toString().isEmpty());
    auto *box = view.findChild<QMessageBox *>();
    QVERIFY(box);
    QVERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("missing")));
    box->close();
}

void TestLogModel::workingRunIsShown()
{
    QTemporaryDir dir;
    AppSettings settings;
    settings.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("h.db"));
    Session session(settings);
    LogsView logs(&session);
    const auto queue = [&session](const QString &id) {
        Q_EMIT session.runQueued(RunInfo{id, QStringLiteral("wf"), id, QStringLiteral("/p"), 60, 0,
                                         QDateTime::currentDateTimeUtc()});
    };
    const auto shown = [&logs] {
        return logs.runIdAt(logs.tabs()->currentIndex());
    };
    queue(QStringLiteral("a"));
    queue(QStringLiteral("b"));
    queue(QStringLiteral("c"));
    QCOMPARE(shown(), QStringLiteral("a"));
    Q_EMIT session.runStateChanged(QStringLiteral("b"), run::RunState::Running, {});
    QCOMPARE(shown(), QStringLiteral("b")); // a only waits: the working one is shown
    Q_EMIT session.runStateChanged(QStringLiteral("c"), run::RunState::Running, {});
    QCOMPARE(shown(), QStringLiteral("b")); // b still works: it stays
    Q_EMIT session.runStateChanged(QStringLiteral("b"), run::RunState::Succeeded, {});
    QCOMPARE(shown(), QStringLiteral("c")); // b is over: the one still working
    // Once the analyst picks runs, the view no longer moves by itself.
    session.selectRuns({QStringLiteral("b")});
    QCOMPARE(shown(), QStringLiteral("b"));
    Q_EMIT session.runStateChanged(QStringLiteral("a"), run::RunState::Running, {});
    QCOMPARE(shown(), QStringLiteral("b"));
}

void TestLogModel::tabsFollowTheSession()
{
    // A session that is never started: no engine, no history; its signals drive the view.
    QTemporaryDir dir;
    AppSettings settings;
    settings.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("h.db"));
    settings.logBufferLines = 1000;
    Session session(settings);
    LogsView logs(&session);
    logs.show();
    RunInfo info{QStringLiteral("run1"),
                 QStringLiteral("wf"),
                 QStringLiteral("Secrets"),
                 QStringLiteral("/projects/shop"),
                 60,
                 0,
                 QDateTime::currentDateTimeUtc()};
    Q_EMIT session.runQueued(info);
    QCOMPARE(logs.tabs()->count(), 1);
    QCOMPARE(logs.tabs()->tabText(0), QStringLiteral("Secrets · shop"));
    Q_EMIT session.logLines(QStringLiteral("run1"), mixed());
    Q_EMIT session.logLines(QStringLiteral("other"), mixed()); // no tab: ignored
    QCOMPARE(logs.viewFor(QStringLiteral("run1"))->lineCount(), 5);
    QCOMPARE(logs.viewFor(QStringLiteral("run1"))->capacity(), 1000);

    // A run that is not live and no history: the tab says why it is empty.
    Q_EMIT session.runSelectionChanged({QStringLiteral("old")});
    QCOMPARE(logs.tabs()->count(), 2);
    QCOMPARE(logs.runIdAt(logs.tabs()->currentIndex()), QStringLiteral("old"));
    QVERIFY(logs.viewFor(QStringLiteral("old"))->notice().contains(QStringLiteral("no history")));
    Q_EMIT session.runSelectionChanged({QStringLiteral("run1")});
    QCOMPARE(logs.tabs()->count(), 2);
    QCOMPARE(logs.runIdAt(logs.tabs()->currentIndex()), QStringLiteral("run1"));

    // Ctrl+W closes the current tab; later lines of its run go nowhere.
    QApplication::setActiveWindow(&logs);
    QVERIFY(QTest::qWaitForWindowActive(&logs));
    logs.viewFor(QStringLiteral("run1"))->listView()->setFocus();
    QTest::keySequence(&logs, QKeySequence(Qt::CTRL | Qt::Key_W));
    QCOMPARE(logs.tabs()->count(), 1);
    QVERIFY(!logs.viewFor(QStringLiteral("run1")));
    Q_EMIT session.logLines(QStringLiteral("run1"), mixed());
    QCOMPARE(logs.tabs()->count(), 1);
}

QTEST_MAIN(TestLogModel)
#include "tst_logmodel.moc"
