#pragma once

#include "findings/finding.h"

#include <QTimer>
#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QToolButton;

namespace ff::ui {

class FindingsFilterProxy;
class FindingsModel;

// The filters above the findings table: a toggle per severity with its count, tool, rule and
// status boxes, and the path and text boxes (debounced, regex opt-in for the text).
class FindingsFilterBar : public QWidget
{
    Q_OBJECT
public:
    FindingsFilterBar(FindingsModel *model, FindingsFilterProxy *proxy, QWidget *parent = nullptr);

    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *pathEdit() const { return m_path; }
    QToolButton *severityButton(findings::Severity severity) const { return m_severity[size_t(severity)]; }
    QComboBox *toolBox() const { return m_tool; }
    QComboBox *ruleBox() const { return m_rule; }
    QComboBox *statusBox() const { return m_status; }
    QCheckBox *regexBox() const { return m_regex; }

private:
    void fillChoices();
    void applyStatus();
    void applyText();
    void updateCounts();

    FindingsModel *m_model;
    FindingsFilterProxy *m_proxy;
    std::array<QToolButton *, 5> m_severity{};
    QComboBox *m_tool;
    QComboBox *m_rule;
    QComboBox *m_status;
    QLineEdit *m_path;
    QLineEdit *m_text;
    QCheckBox *m_regex;
    QTimer m_pathTimer;
    QTimer m_textTimer;
    QTimer m_countsTimer;
};

} // namespace ff::ui
