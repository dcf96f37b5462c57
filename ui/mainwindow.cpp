#include "mainwindow.h"

#include "docker/dockerclient.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace ff::ui {

namespace {
const QString kGeometryKey = QStringLiteral("Window/Qt6/geometry");
const QString kStateKey = QStringLiteral("Window/Qt6/state");
} // namespace

MainWindow::MainWindow(docker::DockerClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("FuzzForge"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    auto *welcome = new QLabel(tr("<h2>FuzzForge</h2><p>Drop a project folder here to scan it.</p>"), this);
    welcome->setAlignment(Qt::AlignCenter);
    welcome->setObjectName(QStringLiteral("welcomeLabel"));
    setCentralWidget(welcome);

    m_engineLabel = new QLabel(tr("engine: checking…"), this);
    m_engineLabel->setObjectName(QStringLiteral("engineStatus"));
    statusBar()->addPermanentWidget(m_engineLabel);

    createActions();
    m_defaultState = saveState(kLayoutVersion);
    restoreSettings();

    m_engineTimer = new QTimer(this);
    m_engineTimer->setInterval(5000);
    connect(m_engineTimer, &QTimer::timeout, this, &MainWindow::checkEngine);
    m_engineTimer->start();
    QTimer::singleShot(0, this, &MainWindow::checkEngine);
}

MainWindow::~MainWindow() = default;

QString MainWindow::engineStatusText() const
{
    return m_engineLabel->text();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *reset = view->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    QAction *refresh = view->addAction(tr("Check &Engine"), this, &MainWindow::checkEngine);
    refresh->setShortcut(QKeySequence::Refresh);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FuzzForge"), this, [this] {
        QMessageBox::about(this, tr("About FuzzForge"),
                           tr("<b>FuzzForge %1</b><p>Security-analysis workflows, each in its own hardened "
                              "container.</p>")
                               .arg(QStringLiteral(FUZZFORGE_VERSION)));
    });
}

void MainWindow::checkEngine()
{
    if (m_checking)
        return;
    m_checking = true;
    const int generation = ++m_generation;
    const QPointer<MainWindow> self(this);
    m_client->version(docker::CallOptions{std::chrono::seconds(4)})
        .then(this, [self, generation](const docker::Result<docker::VersionInfo> &v) {
            if (!self || generation != self->m_generation)
                return;
            self->m_checking = false;
            if (v) {
                self->m_engineLabel->setText(tr("engine: connected (Docker %1, API %2)")
                                                 .arg(v->version, self->m_client->apiVersion()));
                self->m_engineLabel->setToolTip(self->m_client->endpoint().toString());
            } else {
                self->m_engineLabel->setText(tr("engine: unreachable"));
                self->m_engineLabel->setToolTip(v.error().toString());
            }
            Q_EMIT self->engineStatusChanged(v.ok());
        });
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState, kLayoutVersion);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    if (!restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion))
        resize(1280, 800);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState(kLayoutVersion));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

} // namespace ff::ui
