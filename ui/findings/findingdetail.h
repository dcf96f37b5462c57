#pragma once

#include "codesnippet.h"
#include "findingrow.h"

#include <QWidget>

#include <optional>

class QTextBrowser;

namespace ff::ui {

class Session;

// The detail pane: title, severity, rule with its help link and CWE, message, location, triage,
// and the code around the line, read from the project file on a worker.
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

Q_SIGNALS:
    void snippetReady();

private:
    void render();

    Session *m_session;
    QTextBrowser *m_browser;
    std::optional<FindingRow> m_row;
    std::optional<CodeSnippet> m_snippet;
    int m_selected = 0;
    quint64 m_generation = 0;
};

} // namespace ff::ui
