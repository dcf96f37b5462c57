#pragma once

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace ff::ui {

class Session;
class ComparePane;
class HistoryFilter;
class HistoryModel;

// The History view: past runs per project from the history database, filtered by project,
// state and text, and two runs side by side (what the newer one fixed and added).
class HistoryView : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryView(Session *session, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    HistoryFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QComboBox *projectCombo() const { return m_project; }
    QComboBox *stateCombo() const { return m_state; }
    QLineEdit *textFilter() const { return m_text; }
    ComparePane *comparePane() const { return m_compare; }
    QAction *compareAction() const { return m_compareAction; }
    QAction *refreshAction() const { return m_refresh; }
    QString message() const;

    // Reads the history again (off the UI thread); false without a store.
    bool reload();
    QStringList selectedRunIds() const;
    void selectRuns(const QStringList &runIds);
    // Compares the two selected runs (the older is A).
    void compareSelected();

Q_SIGNALS:
    void loaded(int runs);
    void compared();

private:
    void selectionChanged();
    void fillProjects();
    void applyText();
    void showMessage(const QString &text);

    Session *m_session;
    HistoryModel *m_model;
    HistoryFilter *m_filter;
    QTableView *m_table;
    QComboBox *m_project;
    QComboBox *m_state;
    QLineEdit *m_text;
    QCheckBox *m_regex;
    QTimer *m_debounce;
    ComparePane *m_compare;
    QLabel *m_message;
    QAction *m_compareAction;
    QAction *m_refresh;
    quint64 m_generation = 0;
    quint64 m_compareGeneration = 0;
};

} // namespace ff::ui
