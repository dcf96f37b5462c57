// The main window on the offscreen platform, against the real engine.
#include "docker/dockerclient.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace ff;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void showsEngineConnected();
    void showsEngineUnreachable();
    void layoutSurvivesRestart();
};

void TestMainWindow::showsEngineConnected()
{
    docker::DockerClient client(docker::Endpoint::fromEnvironment().value());
    ui::MainWindow window(&client);
    QSignalSpy status(&window, &ui::MainWindow::engineStatusChanged);
    window.show();
    QVERIFY(status.wait(10000));
    QCOMPARE(status.first().first().toBool(), true);
    QVERIFY2(window.engineStatusText().startsWith(QLatin1String("engine: connected (Docker ")),
             qPrintable(window.engineStatusText()));
}

void TestMainWindow::showsEngineUnreachable()
{
    docker::DockerClient client(
        docker::Endpoint::parse(QStringLiteral("unix:///nonexistent/docker.sock")).value());
    ui::MainWindow window(&client);
    QSignalSpy status(&window, &ui::MainWindow::engineStatusChanged);
    window.show();
    QVERIFY(status.wait(10000));
    QCOMPARE(status.first().first().toBool(), false);
    QCOMPARE(window.engineStatusText(), QStringLiteral("engine: unreachable"));
    // The reason is one hover away.
    const auto *label = window.findChild<QLabel *>(QStringLiteral("engineStatus"));
    QVERIFY(label);
    QVERIFY2(label->toolTip().contains(QLatin1String("/nonexistent/docker.sock")),
             qPrintable(label->toolTip()));
}

void TestMainWindow::layoutSurvivesRestart()
{
    QSettings().clear();
    docker::DockerClient client(docker::Endpoint::fromEnvironment().value());
    QRect geometry;
    {
        ui::MainWindow window(&client);
        window.show();
        window.resize(900, 650);
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        geometry = window.geometry();
        window.close();
    }
    ui::MainWindow again(&client);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), geometry.size());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
