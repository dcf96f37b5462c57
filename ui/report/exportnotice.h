#pragma once

#include <QLabel>
#include <QTimer>

namespace ff::ui {

// "Report saved to PATH. Open · Show folder" in the main window's status bar after an export;
// the links open the report or its folder with the desktop's own applications. It hides itself
// after a while.
class ExportNotice : public QLabel
{
    Q_OBJECT
public:
    explicit ExportNotice(QWidget *parent = nullptr);

    void showSaved(const QString &path);
    QString path() const { return m_path; }

Q_SIGNALS:
    // The desktop could not open the report (no application for its type).
    void openFailed(const QString &path);

private:
    void open(const QString &link);

    QString m_path;
    QTimer m_hide;
};

} // namespace ff::ui
