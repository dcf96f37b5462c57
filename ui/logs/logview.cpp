#include "logview.h"

#include "logfilterproxy.h"
#include "logmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace ff::ui {

namespace {

QString writeLines(const QString &path, const QStringList &lines)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return file.errorString();
    for (const QString &line : lines) {
        file.write(line.toUtf8());
        file.write("\n");
    }
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace

LogView::LogView(int capacity, QWidget *parent)
    : QWidget(parent)
    , m_model(new LogModel(capacity, this))
    , m_proxy(new LogFilterProxy(m_model, this))
    , m_list(new QListView(this))
    , m_search(new QLineEdit(this))
    , m_streams(new QComboBox(this))
    , m_notice(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_list->setModel(m_proxy);
    // Every line has the same height: the view lays out 100,000 lines without asking each.
    m_list->setUniformItemSizes(true);
    m_list->setWordWrap(false);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_list->setAlternatingRowColors(false);

    m_search->setPlaceholderText(tr("Search (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Highlight the lines that contain this text (ignoring case). Enter or F3: "
                            "next match, Shift+F3: previous."));
    m_search->setMinimumWidth(160);
    m_searchTimer.setSingleShot(true);
    m_searchTimer.setInterval(300);
    connect(&m_searchTimer, &QTimer::timeout, this, &LogView::applySearch);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchTimer.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        applySearch();
        findNext();
    });

    m_streams->addItem(tr("stdout and stderr"), static_cast<int>(LogFilterProxy::Streams::All));
    m_streams->addItem(tr("stdout only"), static_cast<int>(LogFilterProxy::Streams::Stdout));
    m_streams->addItem(tr("stderr only"), static_cast<int>(LogFilterProxy::Streams::Stderr));
    m_streams->setToolTip(tr("Which of the container's output streams to show"));
    connect(m_streams, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_proxy->setStreams(static_cast<LogFilterProxy::Streams>(m_streams->itemData(i).toInt()));
        updateStatus();
    });

    m_notice->setVisible(false);
    m_notice->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    createActions();
    toolbar->addAction(m_followAction);
    toolbar->addSeparator();
    toolbar->addWidget(m_search);
    toolbar->addAction(m_regexAction);
    toolbar->addAction(m_onlyMatchingAction);
    for (QAction *a : actions())
        if (a->objectName() == QLatin1String("findPrevious") || a->objectName() == QLatin1String("findNext"))
            toolbar->addAction(a);
    toolbar->addSeparator();
    toolbar->addWidget(m_streams);
    toolbar->addAction(m_timestampsAction);
    for (QAction *a : actions())
        if (a->objectName() == QLatin1String("save"))
            toolbar->addAction(a);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_notice);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_status);

    QScrollBar *bar = m_list->verticalScrollBar();
    // Following keeps the end in view whenever the list grows; the analyst scrolling up stops
    // it, scrolling back to the end starts it again.
    connect(bar, &QScrollBar::rangeChanged, this, [this] {
        if (m_follow)
            scrollToEnd();
    });
    connect(bar, &QScrollBar::valueChanged, this, &LogView::scrolled);
    // While the analyst reads further up, the oldest lines going must not move what they read.
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                if (m_follow || first != 0)
                    return;
                QScrollBar *b = m_list->verticalScrollBar();
                m_adjusting = true;
                b->setValue(std::max(0, b->value() - (last - first + 1)));
                m_adjusting = false;
            });
    connect(m_model, &LogModel::countsChanged, this, &LogView::updateStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LogView::updateStatus);
    updateStatus();
}

void LogView::createActions()
{
    auto add = [this](const QString &name, const QString &text, const QString &tip,
                      QKeySequence::StandardKey key = QKeySequence::UnknownKey) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        // Every binding of the platform (F3 and Ctrl+G, ...), the first one in the tooltip.
        const QList<QKeySequence> keys = QKeySequence::keyBindings(key);
        a->setToolTip(keys.isEmpty()
                          ? tip
                          : tip + QStringLiteral(" (") + keys.first().toString(QKeySequence::NativeText) +
                                QLatin1Char(')'));
        if (!keys.isEmpty()) {
            a->setShortcuts(keys);
            a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        }
        addAction(a);
        return a;
    };
    m_followAction = add(QStringLiteral("follow"), tr("Follow"),
                         tr("Keep the newest line in view; scrolling up stops following, scrolling to "
                            "the end starts it again"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(m_follow);
    connect(m_followAction, &QAction::toggled, this, &LogView::setFollowing);

    QAction *focusSearch =
        add(QStringLiteral("focusSearch"), tr("Find"), tr("Search the log"), QKeySequence::Find);
    connect(focusSearch, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    m_regexAction = add(QStringLiteral("regex"), tr("Regex"),
                        tr("Read the search as a regular expression (ignoring case)"));
    m_regexAction->setCheckable(true);
    connect(m_regexAction, &QAction::toggled, this, &LogView::applySearch);
    m_onlyMatchingAction = add(QStringLiteral("onlyMatching"), tr("Only matching"),
                               tr("Show only the lines that match the search"));
    m_onlyMatchingAction->setCheckable(true);
    connect(m_onlyMatchingAction, &QAction::toggled, this, &LogView::setOnlyMatching);
    QAction *previous = add(QStringLiteral("findPrevious"), tr("Previous"), tr("Previous matching line"),
                            QKeySequence::FindPrevious);
    connect(previous, &QAction::triggered, this, &LogView::findPrevious);
    QAction *next =
        add(QStringLiteral("findNext"), tr("Next"), tr("Next matching line"), QKeySequence::FindNext);
    connect(next, &QAction::triggered, this, &LogView::findNext);
    m_timestampsAction =
        add(QStringLiteral("timestamps"), tr("Times"),
            tr("Show when each line was printed (or, when the engine gave no time, when it arrived)"));
    m_timestampsAction->setCheckable(true);
    connect(m_timestampsAction, &QAction::toggled, this, &LogView::setTimestampsShown);
    QAction *save =
        add(QStringLiteral("save"), tr("Save…"), tr("Save the lines shown to a file"), QKeySequence::Save);
    connect(save, &QAction::triggered, this, &LogView::save);
    QAction *copy =
        add(QStringLiteral("copy"), tr("Copy"), tr("Copy the selected lines"), QKeySequence::Copy);
    connect(copy, &QAction::triggered, this, &LogView::copySelection);
}

int LogView::lineCount() const
{
    return m_model->lineCount();
}

qint64 LogView::droppedCount() const
{
    return m_model->droppedCount();
}

QString LogView::statusText() const
{
    return m_status->text();
}

void LogView::appendLines(const QList<docker::LogLine> &lines)
{
    m_model->appendLines(lines);
}

void LogView::setLines(const QList<docker::LogLine> &lines, qint64 droppedBefore)
{
    m_model->setLines(lines, droppedBefore);
    if (m_follow)
        scrollToEnd();
}

void LogView::setCapacity(int capacity)
{
    m_model->setCapacity(capacity);
}

int LogView::capacity() const
{
    return m_model->capacity();
}

void LogView::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

QString LogView::notice() const
{
    return m_notice->text();
}

void LogView::setFollowing(bool follow)
{
    if (follow != m_follow) {
        m_follow = follow;
        m_followAction->setChecked(follow);
        Q_EMIT followingChanged(follow);
    }
    if (follow)
        scrollToEnd();
}

void LogView::scrollToEnd()
{
    QScrollBar *bar = m_list->verticalScrollBar();
    m_adjusting = true;
    bar->setValue(bar->maximum());
    m_adjusting = false;
}

void LogView::scrolled(int value)
{
    if (m_adjusting)
        return;
    setFollowing(value >= m_list->verticalScrollBar()->maximum());
}

void LogView::setTimestampsShown(bool shown)
{
    m_timestampsAction->setChecked(shown);
    m_model->setTimestampsShown(shown);
}

void LogView::setSearch(const QString &text, bool regex)
{
    const QSignalBlocker blockBox(m_search);
    const QSignalBlocker blockRegex(m_regexAction);
    m_search->setText(text);
    m_regexAction->setChecked(regex);
    applySearch();
}

void LogView::setOnlyMatching(bool only)
{
    m_onlyMatchingAction->setChecked(only);
    m_proxy->setOnlyMatching(only);
    updateStatus();
}

void LogView::applySearch()
{
    m_searchTimer.stop();
    m_proxy->setSearch(m_search->text(), m_regexAction->isChecked());
    m_findMessage.clear();
    const QString error = m_proxy->searchError();
    // An expression that does not compile says why, in the box itself.
    m_search->setStyleSheet(error.isEmpty() ? QString() : QStringLiteral("QLineEdit { color: #c0392b; }"));
    m_search->setToolTip(error.isEmpty() ? tr("Highlight the lines that contain this text (ignoring case). "
                                              "Enter or F3: next match, Shift+F3: previous.")
                                         : tr("Not a valid regular expression: %1").arg(error));
    updateStatus();
}

bool LogView::findNext()
{
    return find(true);
}

bool LogView::findPrevious()
{
    return find(false);
}

bool LogView::find(bool forward)
{
    if (m_searchTimer.isActive())
        applySearch();
    const QModelIndex current = m_list->currentIndex();
    const int row = m_proxy->findMatch(current.isValid() ? current.row() : -1, forward);
    m_findMessage = row < 0 ? tr("no line matches") : QString();
    updateStatus();
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->index(row, 0);
    m_list->setCurrentIndex(index);
    // Jumping to a match stops following (the scroll bar's move says so), unless it is the end.
    m_list->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void LogView::updateStatus()
{
    const int shown = m_proxy->rowCount();
    const int kept = m_model->lineCount();
    const qint64 dropped = m_model->droppedCount();
    QString text = shown == kept
                       ? tr("%L1 lines (%L2 dropped)").arg(kept).arg(dropped)
                       : tr("%L1 of %L2 lines shown (%L3 dropped)").arg(shown).arg(kept).arg(dropped);
    if (!m_findMessage.isEmpty())
        text += QStringLiteral(" — ") + m_findMessage;
    m_status->setText(text);
    m_status->setToolTip(
        tr("Lines kept in memory (at most %L1, see File > Settings > General); the oldest are "
           "dropped beyond that")
            .arg(m_model->capacity()));
}

void LogView::save()
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Log"),
        dir + QLatin1Char('/') + (m_suggestedName.isEmpty() ? QStringLiteral("run.log") : m_suggestedName),
        tr("Log files (*.log *.txt);;All files (*)"));
    if (!path.isEmpty())
        saveTo(path);
}

void LogView::saveTo(const QString &path)
{
    QStringList lines;
    const int n = m_proxy->rowCount();
    lines.reserve(n);
    for (int row = 0; row < n; ++row)
        lines << m_model->displayText(m_proxy->mapToSource(m_proxy->index(row, 0)).row());
    QtConcurrent::run(writeLines, path, lines).then(this, [this, path](const QString &error) {
        if (!error.isEmpty()) {
            auto *box = new QMessageBox(
                QMessageBox::Critical, tr("Cannot Save the Log"),
                tr("The log could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), error),
                QMessageBox::Ok, this);
            box->setInformativeText(tr("Choose a folder you can write to, with space left."));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        Q_EMIT saved(path, error);
    });
}

void LogView::copySelection()
{
    QModelIndexList rows = m_list->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows))
        lines << index.data(Qt::DisplayRole).toString();
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

} // namespace ff::ui
