#include "parsers.h"
#include "docker/jsonstreamsplitter.h"
#include "fuzz/crashes.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamReader>

namespace ff::findings {

namespace {

Error parseError(const ParseContext &ctx, const QString &what)
{
    return Error::make(Error::Kind::Parse, QStringLiteral("%1 output: %2").arg(ctx.tool, what));
}

Finding base(const ParseContext &ctx, const QString &tool)
{
    Finding f;
    f.workflow = ctx.workflow;
    f.tool = tool.isEmpty() ? ctx.tool : tool;
    f.toolVersion = ctx.toolVersion;
    return f;
}

// A JSON document, or several concatenated (a tool run in batches by xargs).
Result<QList<QJsonObject>> jsonDocuments(const QByteArray &output, const ParseContext &ctx)
{
    if (output.trimmed().isEmpty())
        return parseError(ctx, QStringLiteral("the tool wrote nothing (did it crash?)"));
    docker::JsonStreamSplitter splitter;
    splitter.feed(output);
    QList<QJsonObject> docs;
    QByteArray doc;
    while (splitter.next(doc)) {
        QJsonParseError err;
        const QJsonDocument parsed = QJsonDocument::fromJson(doc, &err);
        if (err.error != QJsonParseError::NoError)
            return parseError(
                ctx, QStringLiteral("malformed JSON at byte %1: %2").arg(err.offset).arg(err.errorString()));
        if (!parsed.isObject())
            return parseError(ctx, QStringLiteral("expected a JSON object"));
        docs << parsed.object();
    }
    if (splitter.failed())
        return parseError(ctx, splitter.errorString());
    if (splitter.hasPartial())
        return parseError(ctx, QStringLiteral("the JSON is truncated"));
    return docs;
}

} // namespace

Parser parserFor(const QString &id)
{
    static const QHash<QString, Parser> parsers = {
        {QStringLiteral("cppcheck-xml"), &parseCppcheckXml},
        {QStringLiteral("flawfinder-csv"), &parseFlawfinderCsv},
        {QStringLiteral("bandit-json"), &parseBanditJson},
        {QStringLiteral("shellcheck-json"), &parseShellcheckJson},
        {QStringLiteral("sarif"), &parseSarif},
        {QStringLiteral("fuzz-crashes"), &fuzz::parseCrashLog},
    };
    return parsers.value(id, nullptr);
}

QStringList parserIds()
{
    return {QStringLiteral("bandit-json"),    QStringLiteral("cppcheck-xml"),
            QStringLiteral("flawfinder-csv"), QStringLiteral("fuzz-crashes"),
            QStringLiteral("sarif"),          QStringLiteral("shellcheck-json")};
}

Result<QList<QStringList>> parseCsv(const QByteArray &data)
{
    const QString text = QString::fromUtf8(data);
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
            fieldStarted = true;
        } else if (c == QLatin1Char(',')) {
            row << std::exchange(field, QString());
            fieldStarted = true;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('\r')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            if (fieldStarted || !field.isEmpty() || !row.isEmpty()) {
                row << std::exchange(field, QString());
                rows << std::exchange(row, QStringList());
            }
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (quoted)
        return Error::make(Error::Kind::Parse, QStringLiteral("unterminated quoted field in CSV"));
    if (fieldStarted || !field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

Result<QList<Finding>> parseCppcheckXml(const QByteArray &output, const ParseContext &ctx)
{
    if (output.trimmed().isEmpty())
        return parseError(ctx, QStringLiteral("the tool wrote nothing (did it crash?)"));
    QXmlStreamReader xml(output);
    QList<Finding> out;
    QString version;
    bool sawResults = false;
    bool inError = false;
    Finding current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            const auto attrs = xml.attributes();
            if (name == QLatin1String("results")) {
                sawResults = true;
                if (attrs.value(QLatin1String("version")) != QLatin1String("2"))
                    return parseError(
                        ctx, QStringLiteral("expected cppcheck XML version 2 (run with --xml-version=2)"));
            } else if (name == QLatin1String("cppcheck")) {
                version = attrs.value(QLatin1String("version")).toString();
            } else if (name == QLatin1String("error")) {
                inError = true;
                current = base(ctx, QStringLiteral("cppcheck"));
                if (!version.isEmpty())
                    current.toolVersion = version;
                current.ruleId = attrs.value(QLatin1String("id")).toString();
                current.title = current.ruleId;
                current.message = attrs.value(QLatin1String("verbose")).toString();
                if (current.message.isEmpty())
                    current.message = attrs.value(QLatin1String("msg")).toString();
                const QString sev = attrs.value(QLatin1String("severity")).toString();
                current.severity = sev == QLatin1String("error")     ? Severity::High
                                   : sev == QLatin1String("warning") ? Severity::Medium
                                   : sev == QLatin1String("information") || sev == QLatin1String("debug")
                                       ? Severity::Info
                                       : Severity::Low;
                current.confidence = attrs.value(QLatin1String("inconclusive")) == QLatin1String("true")
                                         ? QStringLiteral("low")
                                         : QStringLiteral("high");
                current.cwe = normalizeCwe(attrs.value(QLatin1String("cwe")).toString());
                current.path =
                    relativeToTarget(attrs.value(QLatin1String("file0")).toString(), ctx.targetPrefix);
            } else if (name == QLatin1String("location") && inError && current.region.startLine == 0) {
                // The first location is where the problem is; later ones explain the path to it.
                current.path =
                    relativeToTarget(attrs.value(QLatin1String("file")).toString(), ctx.targetPrefix);
                current.region.startLine = attrs.value(QLatin1String("line")).toInt();
                current.region.startColumn = attrs.value(QLatin1String("column")).toInt();
                current.region.endLine = current.region.startLine;
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("error")) {
            inError = false;
            // Whole-program notes without a file (e.g. "checkersReport") are not findings.
            if (!current.path.isEmpty() || current.region.startLine > 0)
                out << current;
        }
    }
    if (xml.hasError())
        return parseError(
            ctx, QStringLiteral("malformed XML at line %1: %2").arg(xml.lineNumber()).arg(xml.errorString()));
    if (!sawResults)
        return parseError(ctx, QStringLiteral("no <results> element: not cppcheck XML"));
    return out;
}

Result<QList<Finding>> parseFlawfinderCsv(const QByteArray &output, const ParseContext &ctx)
{
    auto rows = parseCsv(output);
    if (!rows)
        return parseError(ctx, rows.error().message);
    if (rows->isEmpty())
        return parseError(ctx, QStringLiteral("the tool wrote nothing (did it crash?)"));
    const QStringList header = rows->first();
    auto col = [&header](const char *name) {
        return header.indexOf(QLatin1String(name));
    };
    const int file = col("File"), line = col("Line"), column = col("Column"), level = col("Level"),
              category = col("Category"), name = col("Name"), warning = col("Warning"),
              suggestion = col("Suggestion"), cwes = col("CWEs"), version = col("ToolVersion"),
              rule = col("RuleId"), help = col("HelpUri");
    if (file < 0 || line < 0 || level < 0 || name < 0 || warning < 0)
        return parseError(
            ctx, QStringLiteral("not flawfinder CSV: the header lacks File, Line, Level, Name or Warning"));
    QList<Finding> out;
    for (qsizetype r = 1; r < rows->size(); ++r) {
        const QStringList &row = rows->at(r);
        if (row.size() != header.size())
            return parseError(ctx, QStringLiteral("row %1 has %2 fields instead of %3 (truncated output?)")
                                       .arg(r + 1)
                                       .arg(row.size())
                                       .arg(header.size()));
        Finding f = base(ctx, QStringLiteral("flawfinder"));
        if (version >= 0 && !row.at(version).isEmpty())
            f.toolVersion = row.at(version);
        const QString categoryName =
            (category >= 0 ? row.at(category) + QLatin1Char('/') : QString()) + row.at(name);
        f.ruleId = rule >= 0 && !row.at(rule).isEmpty() ? row.at(rule) : categoryName;
        f.title = categoryName;
        f.message = row.at(warning);
        if (suggestion >= 0 && !row.at(suggestion).isEmpty())
            f.message += QLatin1Char(' ') + row.at(suggestion);
        bool ok = false;
        const int risk = row.at(level).toInt(&ok);
        if (!ok)
            return parseError(
                ctx, QStringLiteral("row %1: level '%2' is not a number").arg(r + 1).arg(row.at(level)));
        f.severity = risk >= 5   ? Severity::Critical
                     : risk == 4 ? Severity::High
                     : risk == 3 ? Severity::Medium
                     : risk >= 1 ? Severity::Low
                                 : Severity::Info;
        f.path = relativeToTarget(row.at(file), ctx.targetPrefix);
        f.region.startLine = row.at(line).toInt();
        f.region.endLine = f.region.startLine;
        f.region.startColumn = column >= 0 ? row.at(column).toInt() : 0;
        f.cwe = cwes >= 0 ? normalizeCwe(row.at(cwes)) : QString();
        f.helpUri = help >= 0 ? row.at(help) : QString();
        out << f;
    }
    return out;
}

Result<QList<Finding>> parseBanditJson(const QByteArray &output, const ParseContext &ctx)
{
    // bandit 1.6 names no CWE; these are the ones its tests stand for.
    static const QHash<QString, QString> cweByTest = {
        {QStringLiteral("B102"), QStringLiteral("CWE-78")},
        {QStringLiteral("B105"), QStringLiteral("CWE-259")},
        {QStringLiteral("B106"), QStringLiteral("CWE-259")},
        {QStringLiteral("B108"), QStringLiteral("CWE-377")},
        {QStringLiteral("B301"), QStringLiteral("CWE-502")},
        {QStringLiteral("B303"), QStringLiteral("CWE-327")},
        {QStringLiteral("B307"), QStringLiteral("CWE-95")},
        {QStringLiteral("B403"), QStringLiteral("CWE-502")},
        {QStringLiteral("B404"), QStringLiteral("CWE-78")},
        {QStringLiteral("B506"), QStringLiteral("CWE-20")},
        {QStringLiteral("B602"), QStringLiteral("CWE-78")},
        {QStringLiteral("B603"), QStringLiteral("CWE-78")},
        {QStringLiteral("B605"), QStringLiteral("CWE-78")},
        {QStringLiteral("B608"), QStringLiteral("CWE-89")},
    };
    auto docs = jsonDocuments(output, ctx);
    if (!docs)
        return docs.error();
    QList<Finding> out;
    for (const QJsonObject &doc : docs.value()) {
        if (!doc.contains(QLatin1String("results")) || !doc.value(QLatin1String("results")).isArray())
            return parseError(ctx, QStringLiteral("no \"results\" array: not bandit JSON"));
        const QJsonArray results = doc.value(QLatin1String("results")).toArray();
        for (const auto &v : results) {
            const QJsonObject r = v.toObject();
            Finding f = base(ctx, QStringLiteral("bandit"));
            f.ruleId = r.value(QLatin1String("test_id")).toString();
            if (f.ruleId.isEmpty())
                return parseError(ctx, QStringLiteral("a result without test_id"));
            f.title = r.value(QLatin1String("test_name")).toString();
            f.message = r.value(QLatin1String("issue_text")).toString();
            f.severity =
                parseSeverity(r.value(QLatin1String("issue_severity")).toString()).value_or(Severity::Medium);
            f.confidence = r.value(QLatin1String("issue_confidence")).toString().toLower();
            f.path = relativeToTarget(r.value(QLatin1String("filename")).toString(), ctx.targetPrefix);
            f.region.startLine = r.value(QLatin1String("line_number")).toInt();
            const QJsonArray range = r.value(QLatin1String("line_range")).toArray();
            f.region.endLine = range.isEmpty() ? f.region.startLine : range.last().toInt();
            f.region.startColumn = r.value(QLatin1String("col_offset")).toInt() +
                                   (r.contains(QLatin1String("col_offset")) ? 1 : 0);
            const QJsonObject cwe = r.value(QLatin1String("issue_cwe")).toObject();
            f.cwe = cwe.contains(QLatin1String("id"))
                        ? normalizeCwe(QString::number(cwe.value(QLatin1String("id")).toInt()))
                        : cweByTest.value(f.ruleId);
            f.helpUri = r.value(QLatin1String("more_info")).toString();
            out << f;
        }
    }
    return out;
}

Result<QList<Finding>> parseShellcheckJson(const QByteArray &output, const ParseContext &ctx)
{
    auto docs = jsonDocuments(output, ctx);
    if (!docs)
        return docs.error();
    QList<Finding> out;
    for (const QJsonObject &doc : docs.value()) {
        if (!doc.value(QLatin1String("comments")).isArray())
            return parseError(ctx, QStringLiteral("no \"comments\" array: not shellcheck json1 output"));
        const QJsonArray comments = doc.value(QLatin1String("comments")).toArray();
        for (const auto &v : comments) {
            const QJsonObject c = v.toObject();
            Finding f = base(ctx, QStringLiteral("shellcheck"));
            const int code = c.value(QLatin1String("code")).toInt();
            if (code <= 0)
                return parseError(ctx, QStringLiteral("a comment without a code"));
            f.ruleId = QStringLiteral("SC%1").arg(code);
            f.title = f.ruleId;
            f.message = c.value(QLatin1String("message")).toString();
            const QString level = c.value(QLatin1String("level")).toString();
            f.severity = level == QLatin1String("error")     ? Severity::High
                         : level == QLatin1String("warning") ? Severity::Medium
                         : level == QLatin1String("info")    ? Severity::Low
                                                             : Severity::Info;
            f.confidence = QStringLiteral("high");
            f.path = relativeToTarget(c.value(QLatin1String("file")).toString(), ctx.targetPrefix);
            f.region = {c.value(QLatin1String("line")).toInt(), c.value(QLatin1String("column")).toInt(),
                        c.value(QLatin1String("endLine")).toInt(),
                        c.value(QLatin1String("endColumn")).toInt()};
            f.helpUri = QStringLiteral("https://www.shellcheck.net/wiki/") + f.ruleId;
            out << f;
        }
    }
    return out;
}

} // namespace ff::findings
