// The main window on the offscreen platform, against the real engine.
#include "banner.h"
#include "common/session.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ff;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().clear(); }
    void showsEngineConnected();
    void showsEngineUnreachable();
    void docksHaveStableNames();
    void layoutSurvivesRestart();
    void resetLayoutRestoresDocks();

private:
    ui::AppSettings settings(const QString &dockerHost = {}) const
    {
        ui::AppSettings s;
        s.dockerHost = dockerHost;
        s.databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("history.db"));
        return s;
    }
    QTemporaryDir m_dir;
};

void TestMainWindow::showsEngineConnected()
{
    ui::Session session(settings());
    ui::MainWindow window(&session);
    QSignalSpy status(&window, &ui::MainWindow::engineStatusChanged);
    session.start();
    window.show();
    QVERIFY(status.wait(10000));
    QCOMPARE(status.first().first().toBool(), true);
    QCOMPARE(window.engineStatusText(), QStringLiteral("engine: connected"));
    const auto *label = window.findChild<QLabel *>(QStringLiteral("engineStatus"));
    QVERIFY2(label->toolTip().contains(QLatin1String("Docker ")), qPrintable(label->toolTip()));
    // The database and the queue are in the status bar too.
    const auto *db = window.findChild<QLabel *>(QStringLiteral("databaseStatus"));
    QTRY_VERIFY_WITH_TIMEOUT(db->text().startsWith(QLatin1String("history: SQLite ")), 10000);
    const auto *queue = window.findChild<QLabel *>(QStringLiteral("queueStatus"));
    QTRY_COMPARE_WITH_TIMEOUT(queue->text(), QStringLiteral("queue: 0 waiting, 0 running"), 10000);
}

void TestMainWindow::showsEngineUnreachable()
{
    ui::Session session(settings(QStringLiteral("unix:///nonexistent/docker.sock")));
    ui::MainWindow window(&session);
    QSignalSpy status(&window, &ui::MainWindow::engineStatusChanged);
    session.start();
    window.show();
    QVERIFY(status.wait(10000));
    QCOMPARE(status.first().first().toBool(), false);
    QCOMPARE(window.engineStatusText(), QStringLiteral("engine: unreachable"));
    const auto *label = window.findChild<QLabel *>(QStringLiteral("engineStatus"));
    QVERIFY2(label->toolTip().contains(QLatin1String("/nonexistent/docker.sock")),
             qPrintable(label->toolTip()));
    // The analyst is told what to do, not only that it failed.
    QVERIFY(window.banner()->isVisible());
    QVERIFY2(window.banner()->message().contains(QLatin1String("/nonexistent/docker.sock")),
             qPrintable(window.banner()->message()));
    QVERIFY(window.banner()->remedy().contains(QLatin1String("Settings")));
}

void TestMainWindow::docksHaveStableNames()
{
    ui::Session session(settings());
    ui::MainWindow window(&session);
    QStringList names;
    const auto docks = window.findChildren<QDockWidget *>();
    for (const QDockWidget *d : docks)
        names << d->objectName();
    names.sort();
    QCOMPARE(names, QStringList({QStringLiteral("findingsDock"), QStringLiteral("historyDock"),
                                 QStringLiteral("logsDock"), QStringLiteral("projectsDock"),
                                 QStringLiteral("resourcesDock"), QStringLiteral("runsDock"),
                                 QStringLiteral("workflowsDock")}));
}

void TestMainWindow::layoutSurvivesRestart()
{
    ui::Session session(settings());
    QRect geometry;
    {
        ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(1100, 700);
        // The analyst moves the logs next to the findings and closes the history.
        auto *logs = window.findChild<QDockWidget *>(QStringLiteral("logsDock"));
        window.addDockWidget(Qt::RightDockWidgetArea, logs);
        window.findChild<QDockWidget *>(QStringLiteral("historyDock"))->close();
        QCoreApplication::processEvents();
        geometry = window.geometry();
        window.close();
    }
    ui::MainWindow again(&session);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), geometry.size());
    auto *logs = again.findChild<QDockWidget *>(QStringLiteral("logsDock"));
    QCOMPARE(again.dockWidgetArea(logs), Qt::RightDockWidgetArea);
    QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("historyDock"))->isVisible());
}

void TestMainWindow::resetLayoutRestoresDocks()
{
    ui::Session session(settings());
    ui::MainWindow window(&session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *logs = window.findChild<QDockWidget *>(QStringLiteral("logsDock"));
    auto *history = window.findChild<QDockWidget *>(QStringLiteral("historyDock"));
    window.addDockWidget(Qt::TopDockWidgetArea, logs);
    history->close();
    window.resetLayout();
    QCOMPARE(window.dockWidgetArea(logs), Qt::BottomDockWidgetArea);
    QCOMPARE(window.dockWidgetArea(window.findChild<QDockWidget *>(QStringLiteral("projectsDock"))),
             Qt::LeftDockWidgetArea);
    QVERIFY(!history->isHidden());
    QVERIFY(window.tabifiedDockWidgets(history).contains(
        window.findChild<QDockWidget *>(QStringLiteral("runsDock"))));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
