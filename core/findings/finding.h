#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ff::findings {

enum class Severity { Info = 0, Low = 1, Medium = 2, High = 3, Critical = 4 };

QString severityName(Severity severity);
// Accepts our names and the usual synonyms of the tools (error, warning, note, style, ...).
std::optional<Severity> parseSeverity(QStringView text);
inline constexpr Severity kAllSeverities[] = {Severity::Critical, Severity::High, Severity::Medium,
                                              Severity::Low, Severity::Info};

struct Region
{
    int startLine = 0; // 1-based; 0 when the tool gives no line
    int startColumn = 0;
    int endLine = 0;
    int endColumn = 0;
    friend bool operator==(const Region &, const Region &) = default;
};

// One thing a tool reported, normalised: the same model whatever tool said it.
struct Finding
{
    QString workflow;
    QString tool;
    QString toolVersion;
    QString ruleId;
    QString title;
    QString message;
    Severity severity = Severity::Medium;
    QString confidence; // high, medium, low, or empty
    QString path;       // relative to the project root, '/'-separated
    Region region;
    QString snippet;
    QString cwe; // "CWE-78", or empty
    QString helpUri;
    // Stable across code moving: rule + path + normalised line content with secret values hidden
    // (never a hash of a secret), never the line number.
    QString fingerprint;
    // Tool-specific detail (a crash's signature, frames and reproducer, ...): SARIF result.properties.
    QJsonObject properties;

    QJsonObject toJson() const;
    static Finding fromJson(const QJsonObject &o);
    friend bool operator==(const Finding &, const Finding &) = default;
};

QString normalizeCwe(const QString &text); // "78", "CWE-78", "cwe 78" -> "CWE-78"

// Fills snippet and fingerprint from the project's files: the line(s) of the region are read
// from projectRoot/path. A finding whose line is identical to an earlier one of the same rule
// and file gets an occurrence number in its fingerprint, so the two stay apart.
void completeFindings(QList<Finding> &findings, const QString &projectRoot);
QString fingerprintOf(const QString &ruleId, const QString &path, const QString &lineContent,
                      int occurrence = 0);

// Turns a path the tool printed (absolute inside the container, or relative) into one relative
// to the project root; empty when the path lies outside it.
QString relativeToTarget(QString path, const QString &targetPrefix = QStringLiteral("/target"));

} // namespace ff::findings

Q_DECLARE_METATYPE(ff::findings::Finding)
