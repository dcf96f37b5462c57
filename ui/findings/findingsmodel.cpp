#include "findingsmodel.h"

#include <QColor>
#include <QGuiApplication>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSet>

#include <algorithm>

namespace ff::ui {

using storage::TriageStatus;

FindingsModel::FindingsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FindingsModel::severityText(findings::Severity severity)
{
    switch (severity) {
    case findings::Severity::Critical:
        return tr("Critical");
    case findings::Severity::High:
        return tr("High");
    case findings::Severity::Medium:
        return tr("Medium");
    case findings::Severity::Low:
        return tr("Low");
    case findings::Severity::Info:
        return tr("Info");
    }
    return {};
}

QString FindingsModel::statusText(TriageStatus status)
{
    switch (status) {
    case TriageStatus::Open:
        return tr("Open");
    case TriageStatus::Confirmed:
        return tr("Confirmed");
    case TriageStatus::FalsePositive:
        return tr("False positive");
    case TriageStatus::AcceptedRisk:
        return tr("Accepted risk");
    case TriageStatus::Fixed:
        return tr("Fixed");
    }
    return {};
}

QColor FindingsModel::severityColor(findings::Severity severity)
{
    switch (severity) {
    case findings::Severity::Critical:
        return QColor(0x8e, 0x1b, 0x8e);
    case findings::Severity::High:
        return QColor(0xd3, 0x2f, 0x2f);
    case findings::Severity::Medium:
        return QColor(0xf5, 0x7c, 0x00);
    case findings::Severity::Low:
        return QColor(0xfb, 0xc0, 0x2d);
    case findings::Severity::Info:
        return QColor(0x19, 0x76, 0xd2);
    }
    return Qt::gray;
}

QIcon FindingsModel::severityIcon(findings::Severity severity)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(severityColor(severity));
    painter.drawEllipse(1, 1, 10, 10);
    return QIcon(pixmap);
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FindingRow &r = m_rows.at(index.row());
    const findings::Finding &f = r.finding;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity:
            return severityText(f.severity);
        case Status:
            return statusText(r.status);
        case Rule:
            return f.ruleId;
        case Title:
            return f.title.isEmpty() ? f.message : f.title;
        case Path:
            return f.path;
        case Line:
            return f.region.startLine > 0 ? QVariant(f.region.startLine) : QVariant();
        case Tool:
            return f.tool;
        case Workflow:
            return f.workflow;
        case Cwe:
            return f.cwe;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() == Severity) {
            // One icon per severity, made on first use (icons need the GUI application).
            QIcon &icon = m_icons[int(f.severity)];
            if (icon.isNull())
                icon = severityIcon(f.severity);
            return icon;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Status && !r.reason.isEmpty())
            return tr("%1: %2").arg(statusText(r.status), r.reason);
        if (index.column() == Title || index.column() == Path)
            return f.message;
        return {};
    case Qt::ForegroundRole:
        // Dismissed findings step back.
        if (r.status == TriageStatus::FalsePositive || r.status == TriageStatus::AcceptedRisk ||
            r.status == TriageStatus::Fixed)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Line)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SeverityRankRole:
        return int(f.severity);
    case StatusRole:
        return int(r.status);
    case FingerprintRole:
        return f.fingerprint;
    case ProjectRole:
        return r.projectPath;
    case RunIdRole:
        return r.runId;
    case PathRole:
        return f.path;
    case LineRole:
        return f.region.startLine;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Severity:
        return tr("Severity");
    case Status:
        return tr("Status");
    case Rule:
        return tr("Rule");
    case Title:
        return tr("Title");
    case Path:
        return tr("Path");
    case Line:
        return tr("Line");
    case Tool:
        return tr("Tool");
    case Workflow:
        return tr("Workflow");
    case Cwe:
        return tr("CWE");
    }
    return {};
}

void FindingsModel::setRows(QList<FindingRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    QSet<QString> tools;
    QSet<QString> rules;
    for (const FindingRow &r : std::as_const(m_rows)) {
        tools.insert(r.finding.tool);
        rules.insert(r.finding.ruleId);
    }
    m_tools = QStringList(tools.begin(), tools.end());
    m_rules = QStringList(rules.begin(), rules.end());
    m_tools.removeAll(QString());
    m_rules.removeAll(QString());
    std::sort(m_tools.begin(), m_tools.end());
    std::sort(m_rules.begin(), m_rules.end());
    endResetModel();
}

int FindingsModel::applyTriage(const QString &projectPath, const QStringList &fingerprints,
                               const storage::Triage &triage)
{
    const QSet<QString> wanted(fingerprints.begin(), fingerprints.end());
    int changed = 0;
    int first = -1;
    // Contiguous blocks of changed rows go out as one dataChanged each.
    auto flush = [&](int last) {
        if (first >= 0)
            Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
        first = -1;
    };
    for (int i = 0; i < m_rows.size(); ++i) {
        FindingRow &r = m_rows[i];
        const bool hit = r.projectPath == projectPath && wanted.contains(r.finding.fingerprint) &&
                         (r.status != triage.status || r.reason != triage.reason);
        if (hit) {
            r.status = triage.status;
            r.reason = triage.reason;
            ++changed;
            if (first < 0)
                first = i;
        } else {
            flush(i - 1);
        }
    }
    flush(int(m_rows.size()) - 1);
    return changed;
}

} // namespace ff::ui
