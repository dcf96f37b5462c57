#include "finding.h"
#include "redact.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

namespace ff::findings {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("critical");
    case Severity::High:
        return QStringLiteral("high");
    case Severity::Medium:
        return QStringLiteral("medium");
    case Severity::Low:
        return QStringLiteral("low");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QStringLiteral("medium");
}

std::optional<Severity> parseSeverity(QStringView text)
{
    const QString s = text.trimmed().toString().toLower();
    if (s == QLatin1String("critical") || s == QLatin1String("blocker"))
        return Severity::Critical;
    if (s == QLatin1String("high") || s == QLatin1String("error"))
        return Severity::High;
    if (s == QLatin1String("medium") || s == QLatin1String("warning") || s == QLatin1String("moderate"))
        return Severity::Medium;
    if (s == QLatin1String("low") || s == QLatin1String("style") || s == QLatin1String("portability") ||
        s == QLatin1String("performance") || s == QLatin1String("minor"))
        return Severity::Low;
    if (s == QLatin1String("info") || s == QLatin1String("information") || s == QLatin1String("note") ||
        s == QLatin1String("none") || s == QLatin1String("undefined"))
        return Severity::Info;
    return std::nullopt;
}

QString normalizeCwe(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("(\\d+)"));
    const auto m = re.match(text);
    if (!m.hasMatch() || m.captured(1).toInt() <= 0)
        return {};
    return QStringLiteral("CWE-") + QString::number(m.captured(1).toInt());
}

QString relativeToTarget(QString path, const QString &targetPrefix)
{
    path.replace(QLatin1Char('\\'), QLatin1Char('/'));
    if (path.startsWith(QLatin1String("file://")))
        path = path.mid(7);
    if (path.startsWith(targetPrefix + QLatin1Char('/')))
        path = path.mid(targetPrefix.size() + 1);
    else if (path == targetPrefix)
        return {};
    else if (path.startsWith(QLatin1Char('/')))
        return {};
    path = QDir::cleanPath(path);
    if (path.startsWith(QLatin1String("./")))
        path = path.mid(2);
    if (path == QLatin1String(".") || path.startsWith(QLatin1String("../")) || path == QLatin1String(".."))
        return {};
    return path;
}

QString fingerprintOf(const QString &ruleId, const QString &path, const QString &lineContent, int occurrence)
{
    // Whitespace-insensitive: re-indenting code keeps its findings' identity.
    QString normalized = lineContent.simplified();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(ruleId.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(path.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(normalized.toUtf8());
    if (occurrence > 0) {
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(QByteArray::number(occurrence));
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

void completeFindings(QList<Finding> &findings, const QString &projectRoot)
{
    QHash<QString, QStringList> files; // path -> lines, read once per file
    auto linesOf = [&](const QString &path) -> const QStringList & {
        auto it = files.find(path);
        if (it == files.end()) {
            QStringList lines;
            QFile f(QDir(projectRoot).filePath(path));
            if (!path.isEmpty() && f.open(QIODevice::ReadOnly) && f.size() < 32 * 1024 * 1024)
                lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
            it = files.insert(path, lines);
        }
        return *it;
    };
    QHash<QString, int> seen;
    for (Finding &f : findings) {
        const bool secret = isSecretFinding(f);
        const QStringList &lines = linesOf(f.path);
        QString line;
        if (f.region.startLine > 0 && f.region.startLine <= lines.size()) {
            line = lines.at(f.region.startLine - 1);
            if (line.endsWith(QLatin1Char('\r')))
                line.chop(1);
            if (f.snippet.isEmpty()) {
                const int last = std::min<int>(std::max(f.region.endLine, f.region.startLine),
                                               std::min<int>(f.region.startLine + 4, lines.size()));
                QStringList snippet;
                for (int i = f.region.startLine; i <= last; ++i)
                    snippet << lines.at(i - 1);
                // The database never holds a raw secret line: the source of any finding may
                // carry one next to the flagged code (a secret's finding is redacted below).
                f.snippet = snippet.join(QLatin1Char('\n'));
                if (!secret)
                    f.snippet = redactSecrets(f.snippet).text;
            }
        } else {
            // No line to anchor to: the message stands in, so the identity is still stable.
            line = f.message;
        }
        // The identity must not be a hash of a secret (an offline oracle for a guessable one):
        // it is made from the line as the reports show it, with the values hidden.
        line = redactSecrets(line, secret).text;
        if (f.fingerprint.isEmpty()) {
            const QString key = f.ruleId + QLatin1Char('\0') + f.path + QLatin1Char('\0') + line.simplified();
            const int occurrence = seen.value(key, 0);
            seen.insert(key, occurrence + 1);
            f.fingerprint = fingerprintOf(f.ruleId, f.path, line, occurrence);
        }
        // A finding about a secret is stored with its values hidden, whatever the tool wrote.
        if (secret)
            redactFinding(f, false);
    }
}

QJsonObject Finding::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("workflow"), workflow);
    o.insert(QLatin1String("tool"), tool);
    if (!toolVersion.isEmpty())
        o.insert(QLatin1String("toolVersion"), toolVersion);
    o.insert(QLatin1String("ruleId"), ruleId);
    o.insert(QLatin1String("title"), title);
    o.insert(QLatin1String("message"), message);
    o.insert(QLatin1String("severity"), severityName(severity));
    if (!confidence.isEmpty())
        o.insert(QLatin1String("confidence"), confidence);
    o.insert(QLatin1String("path"), path);
    QJsonObject r;
    r.insert(QLatin1String("startLine"), region.startLine);
    r.insert(QLatin1String("startColumn"), region.startColumn);
    r.insert(QLatin1String("endLine"), region.endLine);
    r.insert(QLatin1String("endColumn"), region.endColumn);
    o.insert(QLatin1String("region"), r);
    if (!snippet.isEmpty())
        o.insert(QLatin1String("snippet"), snippet);
    if (!cwe.isEmpty())
        o.insert(QLatin1String("cwe"), cwe);
    if (!helpUri.isEmpty())
        o.insert(QLatin1String("helpUri"), helpUri);
    o.insert(QLatin1String("fingerprint"), fingerprint);
    if (!properties.isEmpty())
        o.insert(QLatin1String("properties"), properties);
    return o;
}

Finding Finding::fromJson(const QJsonObject &o)
{
    Finding f;
    f.workflow = o.value(QLatin1String("workflow")).toString();
    f.tool = o.value(QLatin1String("tool")).toString();
    f.toolVersion = o.value(QLatin1String("toolVersion")).toString();
    f.ruleId = o.value(QLatin1String("ruleId")).toString();
    f.title = o.value(QLatin1String("title")).toString();
    f.message = o.value(QLatin1String("message")).toString();
    f.severity = parseSeverity(o.value(QLatin1String("severity")).toString()).value_or(Severity::Medium);
    f.confidence = o.value(QLatin1String("confidence")).toString();
    f.path = o.value(QLatin1String("path")).toString();
    const QJsonObject r = o.value(QLatin1String("region")).toObject();
    f.region = {r.value(QLatin1String("startLine")).toInt(), r.value(QLatin1String("startColumn")).toInt(),
                r.value(QLatin1String("endLine")).toInt(), r.value(QLatin1String("endColumn")).toInt()};
    f.snippet = o.value(QLatin1String("snippet")).toString();
    f.cwe = o.value(QLatin1String("cwe")).toString();
    f.helpUri = o.value(QLatin1String("helpUri")).toString();
    f.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    f.properties = o.value(QLatin1String("properties")).toObject();
    return f;
}

} // namespace ff::findings
