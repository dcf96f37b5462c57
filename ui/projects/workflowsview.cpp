#include "workflowsview.h"

#include "common/session.h"
#include "imageprogresspanel.h"
#include "parameterform.h"
#include "workflowsmodel.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace ff::ui {

namespace {

QString duration(int seconds)
{
    if (seconds % 3600 == 0 && seconds >= 3600)
        return WorkflowsView::tr("%n h", nullptr, seconds / 3600);
    if (seconds % 60 == 0 && seconds >= 60)
        return WorkflowsView::tr("%n min", nullptr, seconds / 60);
    return WorkflowsView::tr("%n s", nullptr, seconds);
}

QString row(const QString &name, const QString &value)
{
    return QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2</td></tr>").arg(name, value.toHtmlEscaped());
}

} // namespace

WorkflowsView::WorkflowsView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new WorkflowsModel(session, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regex"), this))
    , m_filterTimer(new QTimer(this))
    , m_list(new QTreeView(this))
    , m_details(new QLabel(this))
    , m_form(new ParameterForm(this))
    , m_status(new QLabel(this))
    , m_progress(new ImageProgressPanel(session, this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_runAll(new QPushButton(tr("Run All Applicable"), this))
    , m_runAction(new QAction(tr("Run"), this))
    , m_runAllAction(new QAction(tr("Run All Applicable"), this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_search->setPlaceholderText(tr("Search workflows…"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Filter by name, id, category or description"));
    m_regex->setToolTip(tr("Read the search text as a regular expression"));
    m_filterTimer->setSingleShot(true);
    m_filterTimer->setInterval(300);
    connect(m_search, &QLineEdit::textChanged, m_filterTimer, qOverload<>(&QTimer::start));
    connect(m_regex, &QCheckBox::toggled, this, &WorkflowsView::applyFilter);
    connect(m_filterTimer, &QTimer::timeout, this, &WorkflowsView::applyFilter);

    m_list->setModel(m_proxy);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAllColumnsShowFocus(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setColumnHidden(WorkflowsModel::Id, true);
    m_list->setColumnHidden(WorkflowsModel::Description, true);
    m_list->header()->setSectionResizeMode(WorkflowsModel::Name, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(false);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WorkflowsView::currentChanged);

    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *top = new QWidget(this);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search);
    searchRow->addWidget(m_regex);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(searchRow);
    topLayout->addWidget(m_list);

    auto *parameters = new QGroupBox(tr("Parameters"), this);
    auto *parametersLayout = new QVBoxLayout(parameters);
    parametersLayout->addWidget(m_form);
    auto *bottom = new QWidget(this);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->addWidget(m_details);
    bottomLayout->addWidget(parameters);
    bottomLayout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(bottom);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);

    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_runAll);
    buttons->addWidget(m_run);
    m_run->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_runAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_runAllAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_runAction);
    addAction(m_runAllAction);
    connect(m_runAction, &QAction::triggered, this, &WorkflowsView::run);
    connect(m_runAllAction, &QAction::triggered, this, &WorkflowsView::runAllApplicable);
    connect(m_run, &QPushButton::clicked, m_runAction, &QAction::trigger);
    connect(m_runAll, &QPushButton::clicked, m_runAllAction, &QAction::trigger);

    connect(m_form, &ParameterForm::validChanged, this, &WorkflowsView::updateActions);
    connect(session, &Session::ready, this, &WorkflowsView::updateActions);
    connect(session, &Session::currentProjectsChanged, this, &WorkflowsView::updateActions);
    connect(session, &Session::projectsChanged, this, &WorkflowsView::updateActions);

    if (m_proxy->rowCount() > 0)
        m_list->setCurrentIndex(m_proxy->index(0, 0));
    currentChanged();
}

bool WorkflowsView::selectWorkflow(const QString &id)
{
    const int sourceRow = m_model->rowOf(id);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return false; // filtered out
    m_list->setCurrentIndex(index);
    return true;
}

void WorkflowsView::currentChanged()
{
    const QModelIndex current = m_proxy->mapToSource(m_list->currentIndex());
    const auto *w = current.isValid() ? m_model->manifestAt(current.row()) : nullptr;
    const QString id = w ? w->id : QString();
    if (id != m_workflowId || m_form->workflowId() != id) {
        m_workflowId = id;
        m_form->setWorkflow(w ? *w : workflow::WorkflowManifest{});
    }
    m_details->setText(detailsHtml());
    updateActions();
}

QString WorkflowsView::detailsHtml() const
{
    const auto *w = m_session->catalogue().find(m_workflowId);
    if (!w)
        return tr("Select a workflow to see what it does and its parameters.");
    QString html =
        QStringLiteral("<h3>%1</h3><p>%2</p><table>")
            .arg((w->name.isEmpty() ? w->id : w->name).toHtmlEscaped(), w->description.toHtmlEscaped());
    html += row(tr("Id"), w->id);
    html += row(tr("Version"), w->version);
    html += row(tr("Category"), w->category);
    html += row(tr("Source"), w->builtIn ? tr("built-in") : QDir::toNativeSeparators(w->folder));
    if (w->isComposite()) {
        html += row(tr("Runs"), w->composite.contains(QStringLiteral("applicable"))
                                    ? tr("every built-in workflow that applies to the project")
                                    : w->composite.join(QStringLiteral(", ")));
    } else {
        const auto &r = w->resources;
        html += row(tr("Memory"),
                    QLocale().formattedDataSize(r.memoryBytes, 0, QLocale::DataSizeTraditionalFormat));
        html += row(tr("CPUs"), QLocale().toString(r.cpus));
        html += row(tr("Timeout"), duration(r.timeoutSeconds));
        html += row(tr("Network"), w->network == QLatin1String("none") ? tr("none (isolated)") : w->network);
        html += row(tr("Files"), w->globs.isEmpty() ? tr("any") : w->globs.join(QStringLiteral(" ")));
        if (!w->languages.isEmpty())
            html += row(tr("Languages"), w->languages.join(QStringLiteral(", ")));
    }
    html += QStringLiteral("</table>");
    if (m_model->applicable().contains(w->id))
        html += QStringLiteral("<p>%1</p>").arg(tr("Applies to the current project.").toHtmlEscaped());
    return html;
}

void WorkflowsView::applyFilter()
{
    const QString text = m_search->text();
    if (m_regex->isChecked()) {
        const QRegularExpression re(text, QRegularExpression::CaseInsensitiveOption);
        m_search->setToolTip(re.isValid() ? tr("Filter by name, id, category or description")
                                          : tr("Not a valid regular expression: %1").arg(re.errorString()));
        if (!re.isValid())
            return;
        m_proxy->setFilterRegularExpression(re);
    } else {
        m_proxy->setFilterFixedString(text);
    }
    // The shown workflow stays the current one while it matches; otherwise the first that does.
    if (!m_list->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_list->setCurrentIndex(m_proxy->index(0, 0));
}

void WorkflowsView::updateActions()
{
    const bool haveProjects = !m_session->currentProjects().isEmpty();
    QString whyNot;
    if (!m_session->isReady())
        whyNot = tr("FuzzForge is still starting");
    else if (!haveProjects)
        whyNot = tr("Open a project first: drop a folder on the Projects view or File > Open Project");
    const QString whyNotRun = !whyNot.isEmpty()        ? whyNot
                              : m_workflowId.isEmpty() ? tr("Select a workflow first")
                              : !m_form->valid()
                                  ? tr("A parameter is not valid: correct the fields marked in red")
                                  : QString();
    m_runAction->setEnabled(whyNotRun.isEmpty());
    m_run->setEnabled(whyNotRun.isEmpty());
    m_run->setToolTip(whyNotRun.isEmpty()
                          ? tr("Run %1 on the selected projects (Ctrl+Return)").arg(m_workflowId)
                          : whyNotRun);
    m_runAllAction->setEnabled(whyNot.isEmpty());
    m_runAll->setEnabled(whyNot.isEmpty());
    m_runAll->setToolTip(whyNot.isEmpty() ? tr("Run every built-in workflow that applies to the selected "
                                               "projects, findings merged (Ctrl+Shift+Return)")
                                          : whyNot);
}

void WorkflowsView::run()
{
    updateActions();
    if (!m_runAction->isEnabled())
        return;
    submitted({m_workflowId}, m_form->values());
}

void WorkflowsView::runAllApplicable()
{
    updateActions();
    if (!m_runAllAction->isEnabled())
        return;
    submitted({}, {});
}

void WorkflowsView::submitted(const QStringList &workflowIds, const QMap<QString, QString> &parameters)
{
    m_status->show();
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Checking the projects and parameters…"));
    m_session->submitInBackground(m_session->currentProjects(), workflowIds, parameters, this,
                                  [this](const Result<QStringList> &ids) { showSubmitted(ids); });
}

void WorkflowsView::showSubmitted(const Result<QStringList> &ids)
{
    if (!ids) {
        m_status->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_status->setText(tr("Nothing was queued: %1").arg(ids.error().message));
        Q_EMIT m_session->problem(tr("The workflow could not be queued: %1").arg(ids.error().message),
                                  tr("Check the parameters and the selected projects, then run again."));
        return;
    }
    m_status->setStyleSheet(QString());
    m_status->setText(
        tr("Queued %n run(s); follow them in the Runs view.", nullptr, static_cast<int>(ids.value().size())));
}

QString WorkflowsView::statusText() const
{
    return m_status->text();
}

QString WorkflowsView::detailsText() const
{
    return m_details->text();
}

} // namespace ff::ui
