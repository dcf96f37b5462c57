#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QStackedWidget;
class QTreeView;

namespace ff::ui {

class CorpusDialog;
class ProjectsModel;
class Session;

// The Projects view: the folders opened, their languages and applicable workflows. Folders can
// be dropped onto it (one or several); the selection is the session's current projects.
class ProjectsView : public QWidget
{
    Q_OBJECT
public:
    explicit ProjectsView(Session *session, QWidget *parent = nullptr);

    ProjectsModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QAction *removeAction() const { return m_remove; }
    // "Fuzzing Corpus…" of the current project (the context menu; the window's Tools menu).
    QAction *corpusAction() const { return m_corpus; }
    CorpusDialog *openCorpusDialog(const QString &projectPath);
    bool showsEmptyHint() const;

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void selectionChanged();
    void followSession(const QStringList &current);
    void removeSelected();
    void updateState();

    Session *m_session;
    ProjectsModel *m_model;
    QStackedWidget *m_stack;
    QLabel *m_hint;
    QTreeView *m_tree;
    QAction *m_remove;
    QAction *m_corpus;
    bool m_following = false; // selecting what the session says: not a choice of the analyst
};

} // namespace ff::ui
