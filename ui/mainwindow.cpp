#include "mainwindow.h"

#include "banner.h"
#include "common/localpaths.h"
#include "findings/findingsview.h"
#include "logs/logsview.h"
#include "plots/resourcesview.h"
#include "projects/projectsview.h"
#include "projects/workflowsview.h"
#include "report/exportdialog.h"
#include "report/exportnotice.h"
#include "runs/historyview.h"
#include "runs/runsmodel.h"
#include "runs/runsview.h"
#include "settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

namespace ff::ui {

namespace {
const QString kGeometryKey = QStringLiteral("Window/Qt6/geometry");
const QString kStateKey = QStringLiteral("Window/Qt6/state");
const QString kDefaultLayout = QStringLiteral(":/layout/default-layout.json");

Qt::DockWidgetArea areaFrom(const QString &name)
{
    if (name == QLatin1String("left"))
        return Qt::LeftDockWidgetArea;
    if (name == QLatin1String("right"))
        return Qt::RightDockWidgetArea;
    if (name == QLatin1String("top"))
        return Qt::TopDockWidgetArea;
    return Qt::BottomDockWidgetArea;
}
} // namespace

MainWindow::MainWindow(Session *session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("FuzzForge"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks | GroupedDragging);
    setAcceptDrops(true);

    // The banner sits under the menu bar, above every dock.
    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    m_menuBar = new QMenuBar(top);
    m_banner = new Banner(top);
    topLayout->addWidget(m_menuBar);
    topLayout->addWidget(m_banner);
    setMenuWidget(top);

    m_projects = new ProjectsView(session, this);
    m_workflows = new WorkflowsView(session, this);
    m_runs = new RunsView(session, this);
    m_logs = new LogsView(session, this);
    m_resources = new ResourcesView(session, this);
    m_findings = new FindingsView(session, this);
    m_history = new HistoryView(session, this);
    addDock(m_projects, QStringLiteral("projectsDock"), tr("Projects"));
    addDock(m_workflows, QStringLiteral("workflowsDock"), tr("Workflows"));
    addDock(m_findings, QStringLiteral("findingsDock"), tr("Findings"));
    addDock(m_runs, QStringLiteral("runsDock"), tr("Runs"));
    addDock(m_history, QStringLiteral("historyDock"), tr("History"));
    addDock(m_logs, QStringLiteral("logsDock"), tr("Logs"));
    addDock(m_resources, QStringLiteral("resourcesDock"), tr("Resources"));

    createMenus();
    createStatusBar();

    connect(session, &Session::problem, this, [this](const QString &message, const QString &remedy) {
        m_banner->showProblem(message, remedy);
    });
    connect(session, &Session::engineChanged, this, &MainWindow::showEngine);
    connect(session, &Session::databaseChanged, this, [this](bool ok, const QString &description) {
        m_databaseLabel->setText(ok ? tr("history: %1").arg(m_session->databaseDescription())
                                    : tr("history: unavailable"));
        m_databaseLabel->setToolTip(description);
    });
    connect(session, &Session::queueChanged, this, [this](int queued, int running, bool paused) {
        m_queueLabel->setText(paused ? tr("queue: %1 waiting, %2 running (paused)").arg(queued).arg(running)
                                     : tr("queue: %1 waiting, %2 running").arg(queued).arg(running));
    });
    connect(session, &Session::runFinished, this, &MainWindow::notifyFinished);
    connect(m_banner, &Banner::actionTriggered, this, &MainWindow::openSettings);
    connect(m_findings, &FindingsView::exportSelectionRequested, this, &MainWindow::exportFindings);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(tr("FuzzForge"));
        m_tray->show();
    }
    resetLayout();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addDock(QWidget *view, const QString &objectName, const QString &title)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(view);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    m_docks << dock;
    return dock;
}

QString MainWindow::engineStatusText() const
{
    return m_engineLabel->text();
}

void MainWindow::createMenus()
{
    QMenu *file = m_menuBar->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Project…"), this, &MainWindow::openProjectDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    QAction *exportReport = file->addAction(tr("&Export Report…"), this, &MainWindow::exportReport);
    exportReport->setObjectName(QStringLiteral("exportReportAction"));
    exportReport->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcut(QKeySequence(tr("Ctrl+,")));
    settings->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *queue = m_menuBar->addMenu(tr("&Queue"));
    QAction *pause = queue->addAction(tr("&Pause Queue"));
    pause->setObjectName(QStringLiteral("pauseQueueAction"));
    pause->setCheckable(true);
    pause->setShortcut(QKeySequence(tr("Ctrl+Shift+P")));
    connect(pause, &QAction::toggled, m_session, &Session::setQueuePaused);
    connect(m_session, &Session::queueChanged, pause, [pause](int, int, bool paused) {
        const QSignalBlocker block(pause);
        pause->setChecked(paused);
    });

    QMenu *tools = m_menuBar->addMenu(tr("&Tools"));
    tools->addAction(m_projects->corpusAction());

    m_viewMenu = m_menuBar->addMenu(tr("&View"));
    int n = 1;
    for (QDockWidget *dock : std::as_const(m_docks)) {
        QAction *toggle = dock->toggleViewAction();
        toggle->setShortcut(QKeySequence(tr("Alt+%1").arg(n++)));
        m_viewMenu->addAction(toggle);
    }
    m_viewMenu->addSeparator();
    QAction *reset = m_viewMenu->addAction(tr("&Reset Layout"), this, &MainWindow::resetLayout);
    reset->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));

    QMenu *help = m_menuBar->addMenu(tr("&Help"));
    help->addAction(tr("&About FuzzForge"), this, [this] {
        QMessageBox::about(this, tr("About FuzzForge"),
                           tr("<b>FuzzForge %1</b><p>Security-analysis workflows, each in its own hardened "
                              "container.</p>")
                               .arg(QStringLiteral(FUZZFORGE_VERSION)));
    });
}

void MainWindow::createStatusBar()
{
    m_engineLabel = new QLabel(tr("engine: checking…"), this);
    m_engineLabel->setObjectName(QStringLiteral("engineStatus"));
    m_queueLabel = new QLabel(tr("queue: starting…"), this);
    m_queueLabel->setObjectName(QStringLiteral("queueStatus"));
    m_databaseLabel = new QLabel(tr("history: opening…"), this);
    m_databaseLabel->setObjectName(QStringLiteral("databaseStatus"));
    m_exportNotice = new ExportNotice(this);
    connect(m_exportNotice, &ExportNotice::openFailed, this, [this](const QString &path) {
        m_banner->showProblem(tr("No application opens %1.").arg(path),
                              tr("Open it from the file manager, or choose another format."));
    });
    statusBar()->addWidget(m_exportNotice, 1);
    statusBar()->addPermanentWidget(m_queueLabel);
    statusBar()->addPermanentWidget(m_databaseLabel);
    statusBar()->addPermanentWidget(m_engineLabel);
}

void MainWindow::showEngine(EngineState state, const QString &detail, int retryIn)
{
    switch (state) {
    case EngineState::Checking:
        m_engineLabel->setText(tr("engine: checking…"));
        break;
    case EngineState::Connected:
        m_engineLabel->setText(tr("engine: connected"));
        m_engineLabel->setToolTip(m_session->client()->endpoint().toString() + QLatin1Char('\n') + detail);
        if (m_banner->message().startsWith(tr("The Docker engine does not answer")))
            m_banner->hide();
        break;
    case EngineState::Unavailable:
        m_engineLabel->setText(retryIn > 0 ? tr("engine: unavailable, retrying in %1 s").arg(retryIn)
                                           : tr("engine: unreachable"));
        m_engineLabel->setToolTip(detail);
        m_banner->showProblem(tr("The Docker engine does not answer: %1").arg(detail),
                              tr("Start it (sudo systemctl start docker, or dockerd), or point FuzzForge at "
                                 "another engine in Settings. Queued runs wait and resume by themselves."),
                              tr("Settings…"));
        break;
    }
    Q_EMIT engineStatusChanged(state == EngineState::Connected);
}

void MainWindow::notifyFinished(const run::RunResult &result)
{
    const auto &settings = m_session->settings();
    if (!m_tray || !settings.notifyOnFinish || !result.submitted.isValid() ||
        result.submitted.secsTo(result.finished) < settings.notifyAfterSeconds)
        return;
    const QString workflowName =
        m_session->runInfo(result.runId) ? m_session->runInfo(result.runId)->workflowName : result.workflowId;
    m_tray->showMessage(result.succeeded() ? tr("Run finished")
                                           : tr("Run ended: %1").arg(RunsModel::stateLabel(result.state)),
                        tr("%1 on %2: %n finding(s)", nullptr, static_cast<int>(result.findings.size()))
                            .arg(workflowName, QFileInfo(result.projectPath).fileName()),
                        result.succeeded() ? QSystemTrayIcon::Information : QSystemTrayIcon::Warning);
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_session->recentProjects();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { m_session->addProject(path); });
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::openProjectDialog()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"));
    if (!dir.isEmpty())
        m_session->addProject(dir);
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_session->settings(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (m_session->applySettings(dialog.settings()))
        m_banner->showProblem(tr("Some settings take effect when FuzzForge starts again."),
                              tr("The Docker endpoint and the history database are chosen at start-up."));
}

ExportDialog *MainWindow::newExportDialog()
{
    auto *dialog = new ExportDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exported, m_exportNotice, &ExportNotice::showSaved);
    return dialog;
}

ExportDialog *MainWindow::exportReport()
{
    ExportDialog *dialog = newExportDialog();
    dialog->setRuns(m_session->selectedRuns(), m_session->currentProjects());
    dialog->open();
    return dialog;
}

ExportDialog *MainWindow::exportFindings(const QStringList &runIds, const QSet<QString> &fingerprints)
{
    ExportDialog *dialog = newExportDialog();
    dialog->setSelection(runIds, fingerprints);
    dialog->open();
    return dialog;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList folders = localPaths(event->mimeData());
    if (folders.isEmpty())
        return;
    for (const QString &folder : folders)
        m_session->addProject(folder);
    event->acceptProposedAction();
}

void MainWindow::resetLayout()
{
    QFile file(kDefaultLayout);
    if (!file.open(QIODevice::ReadOnly)) {
        spdlog::error("default layout resource missing: {}", kDefaultLayout.toStdString());
        return;
    }
    const QJsonObject layout = QJsonDocument::fromJson(file.readAll()).object();
    // (findChild with an empty name would match any dock.)
    auto dock = [this](const QString &name) {
        return name.isEmpty() ? nullptr : findChild<QDockWidget *>(name, Qt::FindDirectChildrenOnly);
    };
    for (QDockWidget *d : std::as_const(m_docks)) {
        d->setFloating(false);
        removeDockWidget(d);
    }
    const QJsonArray docks = layout.value(QLatin1String("docks")).toArray();
    for (const auto &v : docks) {
        const QJsonObject o = v.toObject();
        QDockWidget *d = dock(o.value(QLatin1String("name")).toString());
        if (!d)
            continue;
        if (QDockWidget *with = dock(o.value(QLatin1String("tabWith")).toString()))
            tabifyDockWidget(with, d);
        else if (QDockWidget *above = dock(o.value(QLatin1String("splitBelow")).toString()))
            splitDockWidget(above, d, Qt::Vertical);
        else if (QDockWidget *left = dock(o.value(QLatin1String("splitRightOf")).toString()))
            splitDockWidget(left, d, Qt::Horizontal);
        else
            addDockWidget(areaFrom(o.value(QLatin1String("area")).toString()), d);
        d->show();
    }
    const QJsonObject widths = layout.value(QLatin1String("widths")).toObject();
    const QJsonObject heights = layout.value(QLatin1String("heights")).toObject();
    QList<QDockWidget *> wd, hd;
    QList<int> ws, hs;
    for (auto it = widths.begin(); it != widths.end(); ++it)
        if (QDockWidget *d = dock(it.key())) {
            wd << d;
            ws << it.value().toInt();
        }
    for (auto it = heights.begin(); it != heights.end(); ++it)
        if (QDockWidget *d = dock(it.key())) {
            hd << d;
            hs << it.value().toInt();
        }
    resizeDocks(wd, ws, Qt::Horizontal);
    resizeDocks(hd, hs, Qt::Vertical);
    const QJsonArray raised = layout.value(QLatin1String("raised")).toArray();
    for (const auto &v : raised)
        if (QDockWidget *d = dock(v.toString()))
            d->raise();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        QFile file(kDefaultLayout);
        const QJsonArray size =
            file.open(QIODevice::ReadOnly)
                ? QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("size")).toArray()
                : QJsonArray();
        resize(size.at(0).toInt(1440), size.at(1).toInt(900));
    }
    restoreState(settings.value(kStateKey).toByteArray(), kLayoutVersion);
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
