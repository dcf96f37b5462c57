#pragma once

#include "storage/store.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace ff::ui {

class DiffFindingsModel;

// Two runs side by side: on the left the findings only the older run A has (fixed since), on
// the right those only the newer run B has (new), with how many both have.
class ComparePane : public QWidget
{
    Q_OBJECT
public:
    explicit ComparePane(QWidget *parent = nullptr);

    void setDiff(const storage::RunRecord &a, const storage::RunRecord &b, const storage::RunDiff &diff);
    // Shown above the two sides (a warning, an error, "comparing ..."); empty hides it.
    void setNotice(const QString &text);
    void clear();

    DiffFindingsModel *fixedModel() const { return m_fixed; }
    DiffFindingsModel *addedModel() const { return m_added; }
    QString fixedTitle() const;
    QString addedTitle() const;
    QString unchangedText() const;
    QString notice() const;
    QString runA() const { return m_runA; }
    QString runB() const { return m_runB; }

Q_SIGNALS:
    void closeRequested();

private:
    QTableView *makeTable(DiffFindingsModel *model);

    DiffFindingsModel *m_fixed;
    DiffFindingsModel *m_added;
    QLabel *m_title;
    QLabel *m_notice;
    QLabel *m_fixedTitle;
    QLabel *m_addedTitle;
    QLabel *m_unchanged;
    QString m_runA;
    QString m_runB;
};

} // namespace ff::ui
