#pragma once

#include <QStyledItemDelegate>

namespace ff::ui {

// Paints the Progress column as a progress bar: the model's ProgressRole is the percentage
// (-1: busy, no known end), the display text is drawn on the bar.
class ProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ProgressDelegate(int progressRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    int m_role;
};

} // namespace ff::ui
