#pragma once

#include "codesnippet.h"
#include "findingrow.h"

#include <QWidget>

#include <optional>

class QAction;
class QTextBrowser;

namespace ff::ui {

class Session;

// The detail pane: title, severity, rule with its help link and CWE, message, location, triage,
// and the code around the line, read from the project file on a worker. A fuzzing crash also
// shows its type, occurrences, signature, stack and reproducer, with "Reproduce" and "Save
// reproducer…" under the text.
class FindingDetail : public QWidget
{
    Q_OBJECT
public:
    explicit FindingDetail(Session *session, QWidget *parent = nullptr);

    // Shows `row` (nullopt: nothing selected); `selected` > 1 notes a multiple selection.
    void showRow(const std::optional<FindingRow> &row, int selected = 1);
    QString text() const;
    // Whether the snippet of the row shown has been read (or failed to be).
    bool snippetLoaded() const { return m_snippet.has_value(); }
    const std::optional<FindingRow> &row() const { return m_row; }
    // Enabled while the finding shown is a crash with a reproducer; the view adds them to its
    // context menu.
    QAction *reproduceAction() const { return m_reproduce; }
    QAction *saveReproducerAction() const { return m_saveReproducer; }
    // Writes the reproducer of the finding shown to `fileName` (on a worker); false when it has
    // none. The outcome comes as problem() of the session or reproducerSaved().
    bool saveReproducer(const QString &fileName);

    // properties["crash"] of a finding, empty when it is not a fuzzing crash.
    static QJsonObject crashOf(const findings::Finding &finding);
    static bool hasReproducer(const findings::Finding &finding);

Q_SIGNALS:
    void snippetReady();
    // "Reproduce" was chosen for the finding shown.
    void reproduceRequested(const ff::ui::FindingRow &row);
    void reproducerSaved(const QString &fileName);

private:
    void render();
    QString crashHtml() const;
    void saveReproducerDialog();

    Session *m_session;
    QTextBrowser *m_browser;
    QWidget *m_crashBar;
    QAction *m_reproduce;
    QAction *m_saveReproducer;
    std::optional<FindingRow> m_row;
    std::optional<CodeSnippet> m_snippet;
    int m_selected = 0;
    quint64 m_generation = 0;
};

} // namespace ff::ui
