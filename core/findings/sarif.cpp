#include "sarif.h"
#include "parsers.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QUrl>

namespace ff::findings {

namespace {
const QString kFingerprintKey = QStringLiteral("fuzzforge/v1");

Severity severityFromSarif(const QJsonObject &result, const QJsonObject &rule)
{
    const QJsonObject props = result.value(QLatin1String("properties")).toObject();
    if (auto s = parseSeverity(props.value(QLatin1String("severity")).toString()))
        return *s;
    const QJsonObject ruleProps = rule.value(QLatin1String("properties")).toObject();
    const QJsonValue secSev = props.contains(QLatin1String("security-severity"))
                                  ? props.value(QLatin1String("security-severity"))
                                  : ruleProps.value(QLatin1String("security-severity"));
    if (!secSev.isUndefined()) {
        bool ok = false;
        const double score = secSev.isDouble() ? secSev.toDouble() : secSev.toString().toDouble(&ok);
        if (secSev.isDouble() || ok) {
            if (score >= 9.0)
                return Severity::Critical;
            if (score >= 7.0)
                return Severity::High;
            if (score >= 4.0)
                return Severity::Medium;
            if (score > 0.0)
                return Severity::Low;
            return Severity::Info;
        }
    }
    QString level = result.value(QLatin1String("level")).toString();
    if (level.isEmpty())
        level = rule.value(QLatin1String("defaultConfiguration"))
                    .toObject()
                    .value(QLatin1String("level"))
                    .toString();
    if (level == QLatin1String("error"))
        return Severity::High;
    if (level == QLatin1String("note"))
        return Severity::Low;
    if (level == QLatin1String("none"))
        return Severity::Info;
    return Severity::Medium; // "warning" is SARIF's default level
}
} // namespace

QString sarifLevel(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
    case Severity::High:
        return QStringLiteral("error");
    case Severity::Medium:
        return QStringLiteral("warning");
    case Severity::Low:
        return QStringLiteral("note");
    case Severity::Info:
        return QStringLiteral("note");
    }
    return QStringLiteral("warning");
}

QString securitySeverity(Severity severity)
{
    switch (severity) {
    case Severity::Critical:
        return QStringLiteral("9.5");
    case Severity::High:
        return QStringLiteral("8.0");
    case Severity::Medium:
        return QStringLiteral("5.5");
    case Severity::Low:
        return QStringLiteral("2.0");
    case Severity::Info:
        return QStringLiteral("0.0");
    }
    return QStringLiteral("5.5");
}

Result<QList<Finding>> parseSarif(const QByteArray &output, const ParseContext &ctx)
{
    auto fail = [&ctx](const QString &what) {
        return Error::make(Error::Kind::Parse,
                           QStringLiteral("SARIF from %1: %2")
                               .arg(ctx.tool.isEmpty() ? QStringLiteral("the tool") : ctx.tool, what));
    };
    if (output.trimmed().isEmpty())
        return fail(QStringLiteral("the file is empty"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &err);
    if (err.error != QJsonParseError::NoError)
        return fail(QStringLiteral("malformed JSON at byte %1: %2").arg(err.offset).arg(err.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("version")).toString() != QLatin1String("2.1.0"))
        return fail(QStringLiteral("version is '%1', expected 2.1.0")
                        .arg(root.value(QLatin1String("version")).toString()));
    if (!root.value(QLatin1String("runs")).isArray())
        return fail(QStringLiteral("no \"runs\" array"));
    QList<Finding> out;
    const QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    for (qsizetype ri = 0; ri < runs.size(); ++ri) {
        const QJsonObject run = runs.at(ri).toObject();
        const QJsonObject driver =
            run.value(QLatin1String("tool")).toObject().value(QLatin1String("driver")).toObject();
        const QString toolName = driver.value(QLatin1String("name")).toString();
        if (toolName.isEmpty())
            return fail(QStringLiteral("run %1 has no tool.driver.name").arg(ri));
        const QJsonArray rules = driver.value(QLatin1String("rules")).toArray();
        QHash<QString, QJsonObject> rulesById;
        for (const auto &r : rules)
            rulesById.insert(r.toObject().value(QLatin1String("id")).toString(), r.toObject());
        const QString runWorkflow =
            run.value(QLatin1String("properties")).toObject().value(QLatin1String("workflow")).toString();
        // Where relative URIs are rooted: a base that names /target inside the container, or
        // none; anything else outside the project is reported with its URI as given.
        const QJsonArray results = run.value(QLatin1String("results")).toArray();
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject r = results.at(i).toObject();
            // A result the producer compared away ("absent": in the baseline, gone now) is
            // not a finding of this log.
            if (r.value(QLatin1String("baselineState")).toString() == QLatin1String("absent"))
                continue;
            QString ruleId = r.value(QLatin1String("ruleId")).toString();
            QJsonObject rule;
            if (ruleId.isEmpty() && r.contains(QLatin1String("rule")))
                ruleId = r.value(QLatin1String("rule")).toObject().value(QLatin1String("id")).toString();
            if (r.contains(QLatin1String("ruleIndex"))) {
                const int idx = r.value(QLatin1String("ruleIndex")).toInt(-1);
                if (idx < 0 || idx >= rules.size())
                    return fail(QStringLiteral("run %1 result %2: ruleIndex %3 out of range")
                                    .arg(ri)
                                    .arg(i)
                                    .arg(idx));
                rule = rules.at(idx).toObject();
                if (ruleId.isEmpty())
                    ruleId = rule.value(QLatin1String("id")).toString();
            } else {
                rule = rulesById.value(ruleId);
            }
            if (ruleId.isEmpty())
                return fail(QStringLiteral("run %1 result %2 names no rule").arg(ri).arg(i));
            const QJsonObject message = r.value(QLatin1String("message")).toObject();
            if (!message.contains(QLatin1String("text")) && !message.contains(QLatin1String("id")))
                return fail(QStringLiteral("run %1 result %2 has no message").arg(ri).arg(i));
            Finding f;
            f.tool = toolName;
            f.toolVersion = driver.value(QLatin1String("version")).toString();
            if (f.toolVersion.isEmpty())
                f.toolVersion = driver.value(QLatin1String("semanticVersion")).toString();
            const QJsonObject props = r.value(QLatin1String("properties")).toObject();
            f.workflow = runWorkflow.isEmpty() ? ctx.workflow : runWorkflow;
            f.ruleId = ruleId;
            f.title = props.value(QLatin1String("title")).toString();
            if (f.title.isEmpty())
                f.title = rule.value(QLatin1String("name")).toString();
            if (f.title.isEmpty())
                f.title = rule.value(QLatin1String("shortDescription"))
                              .toObject()
                              .value(QLatin1String("text"))
                              .toString();
            if (f.title.isEmpty())
                f.title = ruleId;
            f.message = message.value(QLatin1String("text")).toString();
            if (f.message.isEmpty())
                f.message = rule.value(QLatin1String("fullDescription"))
                                .toObject()
                                .value(QLatin1String("text"))
                                .toString();
            f.severity = severityFromSarif(r, rule);
            f.confidence = props.value(QLatin1String("confidence")).toString();
            f.cwe = normalizeCwe(props.value(QLatin1String("cwe")).toString());
            if (f.cwe.isEmpty()) {
                const QJsonArray tags =
                    rule.value(QLatin1String("properties")).toObject().value(QLatin1String("tags")).toArray();
                for (const auto &t : tags) {
                    if (t.toString().contains(QLatin1String("cwe"), Qt::CaseInsensitive)) {
                        f.cwe = normalizeCwe(t.toString());
                        break;
                    }
                }
            }
            f.helpUri = rule.value(QLatin1String("helpUri")).toString();
            const QJsonArray locations = r.value(QLatin1String("locations")).toArray();
            if (!locations.isEmpty()) {
                const QJsonObject physical =
                    locations.first().toObject().value(QLatin1String("physicalLocation")).toObject();
                const QString uri = physical.value(QLatin1String("artifactLocation"))
                                        .toObject()
                                        .value(QLatin1String("uri"))
                                        .toString();
                const QString decoded = QUrl::fromPercentEncoding(uri.toUtf8());
                f.path = relativeToTarget(decoded, ctx.targetPrefix);
                const QJsonObject region = physical.value(QLatin1String("region")).toObject();
                f.region.startLine = region.value(QLatin1String("startLine")).toInt();
                f.region.startColumn = region.value(QLatin1String("startColumn")).toInt();
                f.region.endLine = region.value(QLatin1String("endLine")).toInt(f.region.startLine);
                f.region.endColumn = region.value(QLatin1String("endColumn")).toInt();
                f.snippet =
                    region.value(QLatin1String("snippet")).toObject().value(QLatin1String("text")).toString();
            }
            f.fingerprint =
                r.value(QLatin1String("partialFingerprints")).toObject().value(kFingerprintKey).toString();
            out << f;
        }
    }
    return out;
}

} // namespace ff::findings
