#pragma once

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QTimer;

namespace ff::docker {
class DockerClient;
}

namespace ff::ui {

// The analyst's window: dock views are added by later features; for now it tells whether the
// engine answers and keeps its layout between sessions.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(docker::DockerClient *client, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Text of the engine indicator in the status bar (for tests).
    QString engineStatusText() const;
    void resetLayout();

    static constexpr int kLayoutVersion = 1;

Q_SIGNALS:
    void engineStatusChanged(bool reachable);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void checkEngine();
    void restoreSettings();
    void saveSettings() const;

    docker::DockerClient *m_client;
    QLabel *m_engineLabel = nullptr;
    QTimer *m_engineTimer = nullptr;
    QByteArray m_defaultState;
    bool m_checking = false;
    int m_generation = 0;
};

} // namespace ff::ui
