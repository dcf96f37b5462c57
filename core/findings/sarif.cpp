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

QJsonObject text(const QString &s)
{
    QJsonObject o;
    o.insert(QLatin1String("text"), s);
    return o;
}

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

QByteArray writeSarif(const QList<Finding> &findings, const SarifOptions &options)
{
    // One run per (workflow, tool), in first-seen order.
    QList<QPair<QString, QString>> order;
    QHash<QPair<QString, QString>, QList<const Finding *>> groups;
    for (const Finding &f : findings) {
        const auto key = qMakePair(f.workflow, f.tool);
        if (!groups.contains(key))
            order << key;
        groups[key] << &f;
    }
    QJsonArray runs;
    for (const auto &key : order) {
        const auto &group = groups.value(key);
        QJsonArray rules;
        QHash<QString, int> ruleIndex;
        QJsonArray results;
        for (const Finding *f : group) {
            if (!ruleIndex.contains(f->ruleId)) {
                ruleIndex.insert(f->ruleId, static_cast<int>(rules.size()));
                QJsonObject rule;
                rule.insert(QLatin1String("id"), f->ruleId);
                if (!f->title.isEmpty())
                    rule.insert(QLatin1String("name"), f->title);
                rule.insert(QLatin1String("shortDescription"),
                            text(f->title.isEmpty() ? f->ruleId : f->title));
                rule.insert(QLatin1String("fullDescription"),
                            text(f->message.isEmpty() ? f->ruleId : f->message));
                if (!f->helpUri.isEmpty())
                    rule.insert(QLatin1String("helpUri"), f->helpUri);
                QJsonObject config;
                config.insert(QLatin1String("level"), sarifLevel(f->severity));
                rule.insert(QLatin1String("defaultConfiguration"), config);
                QJsonObject props;
                QJsonArray tags{QStringLiteral("security")};
                if (!f->cwe.isEmpty())
                    tags.append(QString(QStringLiteral("external/cwe/") + f->cwe.toLower()));
                props.insert(QLatin1String("tags"), tags);
                props.insert(QLatin1String("security-severity"), securitySeverity(f->severity));
                rule.insert(QLatin1String("properties"), props);
                rules.append(rule);
            }
            QJsonObject result;
            result.insert(QLatin1String("ruleId"), f->ruleId);
            result.insert(QLatin1String("ruleIndex"), ruleIndex.value(f->ruleId));
            result.insert(QLatin1String("level"), sarifLevel(f->severity));
            result.insert(QLatin1String("message"), text(f->message.isEmpty() ? f->title : f->message));
            if (!f->path.isEmpty()) {
                QJsonObject artifact;
                artifact.insert(QLatin1String("uri"),
                                QString::fromUtf8(QUrl::toPercentEncoding(f->path, "/")));
                artifact.insert(QLatin1String("uriBaseId"), QStringLiteral("SRCROOT"));
                QJsonObject physical;
                physical.insert(QLatin1String("artifactLocation"), artifact);
                if (f->region.startLine > 0) {
                    QJsonObject region;
                    region.insert(QLatin1String("startLine"), f->region.startLine);
                    if (f->region.startColumn > 0)
                        region.insert(QLatin1String("startColumn"), f->region.startColumn);
                    if (f->region.endLine >= f->region.startLine)
                        region.insert(QLatin1String("endLine"), f->region.endLine);
                    if (f->region.endColumn > 0 && f->region.endLine >= f->region.startLine)
                        region.insert(QLatin1String("endColumn"), f->region.endColumn);
                    if (!f->snippet.isEmpty())
                        region.insert(QLatin1String("snippet"), text(f->snippet));
                    physical.insert(QLatin1String("region"), region);
                }
                QJsonObject location;
                location.insert(QLatin1String("physicalLocation"), physical);
                result.insert(QLatin1String("locations"), QJsonArray{location});
            }
            QJsonObject fp;
            fp.insert(kFingerprintKey, f->fingerprint);
            result.insert(QLatin1String("partialFingerprints"), fp);
            QJsonObject props;
            props.insert(QLatin1String("severity"), severityName(f->severity));
            if (!f->confidence.isEmpty())
                props.insert(QLatin1String("confidence"), f->confidence);
            if (!f->cwe.isEmpty())
                props.insert(QLatin1String("cwe"), f->cwe);
            if (!f->title.isEmpty())
                props.insert(QLatin1String("title"), f->title);
            result.insert(QLatin1String("properties"), props);
            results.append(result);
        }
        QJsonObject driver;
        driver.insert(QLatin1String("name"), key.second.isEmpty() ? QStringLiteral("unknown") : key.second);
        if (!group.first()->toolVersion.isEmpty())
            driver.insert(QLatin1String("version"), group.first()->toolVersion);
        driver.insert(QLatin1String("rules"), rules);
        QJsonObject tool;
        tool.insert(QLatin1String("driver"), driver);
        QJsonObject run;
        run.insert(QLatin1String("tool"), tool);
        QJsonObject automation;
        automation.insert(QLatin1String("id"), QString(key.first + QLatin1Char('/')));
        run.insert(QLatin1String("automationDetails"), automation);
        if (!options.projectRoot.isEmpty()) {
            QJsonObject root;
            root.insert(
                QLatin1String("uri"),
                QUrl::fromLocalFile(QDir(options.projectRoot).absolutePath() + QLatin1Char('/')).toString());
            QJsonObject bases;
            bases.insert(QLatin1String("SRCROOT"), root);
            run.insert(QLatin1String("originalUriBaseIds"), bases);
        }
        for (const SarifRunInfo &info : options.runs) {
            if (info.workflow != key.first)
                continue;
            QJsonObject inv;
            inv.insert(QLatin1String("executionSuccessful"), info.succeeded);
            inv.insert(QLatin1String("exitCode"), info.exitCode);
            if (info.started.isValid())
                inv.insert(QLatin1String("startTimeUtc"), info.started.toUTC().toString(Qt::ISODateWithMs));
            if (info.finished.isValid())
                inv.insert(QLatin1String("endTimeUtc"), info.finished.toUTC().toString(Qt::ISODateWithMs));
            run.insert(QLatin1String("invocations"), QJsonArray{inv});
            break;
        }
        QJsonObject runProps;
        runProps.insert(QLatin1String("workflow"), key.first);
        run.insert(QLatin1String("properties"), runProps);
        run.insert(QLatin1String("results"), results);
        runs.append(run);
    }
    QJsonObject root;
    root.insert(QLatin1String("$schema"), QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json"));
    root.insert(QLatin1String("version"), QStringLiteral("2.1.0"));
    root.insert(QLatin1String("runs"), runs);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
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
