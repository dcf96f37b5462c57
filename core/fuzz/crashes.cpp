#include "crashes.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace ff::fuzz {

namespace {

using findings::Finding;
using findings::Severity;

constexpr qsizetype kStackCap = 32 * 1024;
constexpr int kTopFrames = 8;

// ASan's bug names that the contract names differently.
QString asanType(const QString &name)
{
    if (name == QLatin1String("heap-use-after-free"))
        return QStringLiteral("use-after-free");
    if (name == QLatin1String("attempting double-free"))
        return QStringLiteral("double-free");
    if (name == QLatin1String("ABRT"))
        return QStringLiteral("deadly-signal");
    return name;
}

// UBSan's check from its message, for reports without report_error_type=1.
QString ubsanCheck(const QString &message)
{
    static const QList<std::pair<QLatin1String, QLatin1String>> checks = {
        {QLatin1String("signed integer overflow"), QLatin1String("signed-integer-overflow")},
        {QLatin1String("unsigned integer overflow"), QLatin1String("unsigned-integer-overflow")},
        {QLatin1String("negation of"), QLatin1String("signed-integer-overflow")},
        {QLatin1String("out of bounds for type"), QLatin1String("out-of-bounds-index")},
        {QLatin1String("shift exponent"), QLatin1String("shift-exponent")},
        {QLatin1String("left shift of"), QLatin1String("shift-base")},
        {QLatin1String("division by zero"), QLatin1String("integer-divide-by-zero")},
        {QLatin1String("null pointer"), QLatin1String("null-pointer-use")},
        {QLatin1String("misaligned address"), QLatin1String("misaligned-pointer-use")},
        {QLatin1String("pointer overflow"), QLatin1String("pointer-overflow")},
        {QLatin1String("applying non-zero offset"), QLatin1String("nullptr-with-nonzero-offset")},
        {QLatin1String("is not a valid value for type"), QLatin1String("invalid-bool-load")},
        {QLatin1String("implicit conversion"), QLatin1String("implicit-conversion")},
        {QLatin1String("unreachable"), QLatin1String("unreachable-call")},
        {QLatin1String("end of a value-returning function"), QLatin1String("missing-return")},
        {QLatin1String("variable length array bound"), QLatin1String("non-positive-vla-index")},
        {QLatin1String("is outside the range of representable values"), QLatin1String("float-cast-overflow")},
    };
    for (const auto &[text, check] : checks)
        if (message.contains(text))
            return check;
    return QStringLiteral("undefined-behavior");
}

QString cweOf(const CrashReport &r, const QString &report)
{
    const bool overflow = r.type.endsWith(QLatin1String("buffer-overflow"));
    if (overflow)
        return r.access == QLatin1String("WRITE") ? QStringLiteral("CWE-787") : QStringLiteral("CWE-125");
    static const QHash<QString, QString> byType = {
        {QStringLiteral("use-after-free"), QStringLiteral("CWE-416")},
        {QStringLiteral("double-free"), QStringLiteral("CWE-415")},
        {QStringLiteral("memory-leak"), QStringLiteral("CWE-401")},
        {QStringLiteral("out-of-memory"), QStringLiteral("CWE-770")},
        {QStringLiteral("timeout"), QStringLiteral("CWE-835")},
        {QStringLiteral("stack-overflow"), QStringLiteral("CWE-674")},
    };
    static const QHash<QString, QString> byCheck = {
        {QStringLiteral("signed-integer-overflow"), QStringLiteral("CWE-190")},
        {QStringLiteral("unsigned-integer-overflow"), QStringLiteral("CWE-190")},
        {QStringLiteral("out-of-bounds-index"), QStringLiteral("CWE-129")},
        {QStringLiteral("integer-divide-by-zero"), QStringLiteral("CWE-369")},
        {QStringLiteral("null-pointer-use"), QStringLiteral("CWE-476")},
        {QStringLiteral("shift-exponent"), QStringLiteral("CWE-1335")},
    };
    if (r.type == QLatin1String("SEGV"))
        return report.contains(QLatin1String("address points to the zero page")) ? QStringLiteral("CWE-476")
                                                                                 : QString();
    if (r.type == QLatin1String("undefined-behavior"))
        return byCheck.value(r.check);
    return byType.value(r.type);
}

Severity severityOf(const CrashReport &r)
{
    if (r.type == QLatin1String("use-after-free") || r.type == QLatin1String("double-free"))
        return Severity::Critical;
    if (r.type.endsWith(QLatin1String("-overflow")) && r.type != QLatin1String("stack-overflow"))
        return r.access == QLatin1String("WRITE") ? Severity::Critical : Severity::High;
    static const QStringList medium = {QStringLiteral("undefined-behavior"), QStringLiteral("timeout"),
                                       QStringLiteral("out-of-memory"),      QStringLiteral("memory-leak"),
                                       QStringLiteral("deadly-signal"),      QStringLiteral("fuzzer-crash"),
                                       QStringLiteral("stack-overflow")};
    if (medium.contains(r.type))
        return Severity::Medium;
    // SEGV and the other memory errors ASan names (use-after-return, bad-free, ...).
    return Severity::High;
}

// "#3 0x7f.. in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) (/bin/f+0x42) (BuildId:
// ..)"
std::optional<StackFrame> parseFrame(QStringView line, const QString &targetPrefix)
{
    static const QRegularExpression head(QStringLiteral("^\\s*#\\d+ 0x[0-9a-fA-F]+ ?"));
    const auto m = head.match(line);
    if (!m.hasMatch())
        return std::nullopt;
    QString rest = line.mid(m.capturedEnd()).trimmed().toString();
    static const QRegularExpression buildId(QStringLiteral("\\s*\\(BuildId: [0-9a-fA-F]+\\)$"));
    rest.remove(buildId);
    StackFrame f;
    if (rest.startsWith(QLatin1String("in ")))
        rest = rest.mid(3);
    if (rest.endsWith(QLatin1Char(')')) && rest.contains(QLatin1String("+0x"))) {
        // No debug info: "function (module+0xoffset)" or just "(module+0xoffset)".
        const qsizetype open = rest.lastIndexOf(QLatin1String(" ("));
        if (rest.startsWith(QLatin1Char('('))) {
            f.file = rest;
        } else if (open > 0) {
            f.function = rest.left(open).trimmed();
            f.file = rest.mid(open + 1);
        } else {
            f.file = rest;
        }
        return f;
    }
    const qsizetype space = rest.lastIndexOf(QLatin1Char(' '));
    QString location = space >= 0 ? rest.mid(space + 1) : rest;
    f.function = space >= 0 ? rest.left(space).trimmed() : QString();
    static const QRegularExpression lineCol(QStringLiteral("^(.*?):(\\d+)(?::(\\d+))?$"));
    const auto lc = lineCol.match(location);
    if (lc.hasMatch()) {
        f.file = lc.captured(1);
        f.line = lc.captured(2).toInt();
        f.column = lc.captured(3).toInt();
    } else {
        f.file = location;
    }
    if (f.file.startsWith(targetPrefix + QLatin1Char('/')))
        f.path = findings::relativeToTarget(f.file, targetPrefix);
    return f;
}

QString frameText(const StackFrame &f, bool withColumn)
{
    QString where = f.inProject() ? f.path : f.file;
    if (f.line > 0) {
        where += QLatin1Char(':') + QString::number(f.line);
        if (withColumn && f.column > 0)
            where += QLatin1Char(':') + QString::number(f.column);
    }
    return f.function.isEmpty() ? where : f.function + QLatin1Char(' ') + where;
}

// The frames the report shows: the in-project ones, else the first ones of the trace.
QList<StackFrame> topFrames(const CrashReport &r)
{
    QList<StackFrame> out;
    for (const StackFrame &f : r.frames)
        if (f.inProject() && out.size() < kTopFrames)
            out << f;
    if (out.isEmpty())
        out = r.frames.mid(0, kTopFrames);
    return out;
}

struct Header
{
    QString name;
    qint64 size = 0;
    QString kind;
    QString engine;
    QString base64;
};

Result<Header> parseHeader(QStringView text, int lineNumber)
{
    auto bad = [lineNumber](const QString &what) {
        return Error::make(
            Error::Kind::Parse,
            QStringLiteral("crashes.log line %1: bad record header: %2").arg(lineNumber).arg(what));
    };
    QHash<QString, QString> fields;
    for (const QStringView token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype eq = token.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return bad(QStringLiteral("'%1' is not key=value").arg(token));
        fields.insert(token.left(eq).toString(), token.mid(eq + 1).toString());
    }
    for (const char *key : {"name", "size", "kind", "engine", "base64"})
        if (!fields.contains(QLatin1String(key)))
            return bad(QStringLiteral("no %1=").arg(QLatin1String(key)));
    Header h;
    h.name = fields.value(QStringLiteral("name"));
    static const QRegularExpression nameRe(QStringLiteral("^[0-9A-Za-z._-]+$"));
    if (!nameRe.match(h.name).hasMatch())
        return bad(QStringLiteral("name '%1' is not a file name").arg(h.name));
    bool ok = false;
    h.size = fields.value(QStringLiteral("size")).toLongLong(&ok);
    if (!ok || h.size < 0)
        return bad(QStringLiteral("size '%1' is not a byte count").arg(fields.value(QStringLiteral("size"))));
    h.kind = fields.value(QStringLiteral("kind"));
    static const QStringList kinds = {QStringLiteral("crash"), QStringLiteral("timeout"),
                                      QStringLiteral("oom"), QStringLiteral("leak")};
    if (!kinds.contains(h.kind))
        return bad(QStringLiteral("unknown kind '%1'").arg(h.kind));
    h.engine = fields.value(QStringLiteral("engine"));
    if (h.engine.isEmpty())
        return bad(QStringLiteral("empty engine"));
    h.base64 = fields.value(QStringLiteral("base64"));
    if (!h.base64.isEmpty()) {
        const auto decoded =
            QByteArray::fromBase64Encoding(h.base64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return bad(QStringLiteral("base64 is not valid"));
        if (decoded.decoded.size() != h.size)
            return bad(QStringLiteral("base64 holds %1 bytes, size says %2")
                           .arg(decoded.decoded.size())
                           .arg(h.size));
    }
    return h;
}

struct Record
{
    Header header;
    QString report;
    CrashReport crash;
    QString signature;
};

QString capped(const QString &text)
{
    if (text.size() <= kStackCap)
        return text;
    qsizetype cut = text.lastIndexOf(QLatin1Char('\n'), kStackCap);
    if (cut <= 0)
        cut = kStackCap;
    return text.left(cut) + QLatin1String("\n[... report truncated]\n");
}

} // namespace

CrashReport parseSanitizerReport(const QString &text, const QString &targetPrefix)
{
    CrashReport r;
    const QStringList lines = text.split(QLatin1Char('\n'));
    static const QRegularExpression asan(
        QStringLiteral("ERROR: AddressSanitizer: (SEGV|BUS|FPE|ILL|ABRT|stack-"
                       "overflow|attempting double-free|[a-z][a-z-]+)"));
    static const QRegularExpression lsan(QStringLiteral("ERROR: LeakSanitizer: detected memory leaks"));
    static const QRegularExpression libfuzzer(QStringLiteral(
        "ERROR: libFuzzer: (timeout|out-of-memory|deadly signal|fuzz target exited|[a-z -]+)"));
    static const QRegularExpression ubsan(QStringLiteral("^(.*?):(\\d+):(\\d+): runtime error: (.*)$"));
    static const QRegularExpression access(QStringLiteral("^(READ|WRITE) of size \\d+"));
    static const QRegularExpression signalAccess(
        QStringLiteral("The signal is caused by a (READ|WRITE) memory access"));
    static const QRegularExpression ubsanSummary(
        QStringLiteral("^SUMMARY: UndefinedBehaviorSanitizer: (\\S+)"));

    qsizetype errorLine = -1;
    StackFrame ubsanLocation;
    for (qsizetype i = 0; i < lines.size() && errorLine < 0; ++i) {
        const QString &line = lines.at(i);
        if (const auto m = asan.match(line); m.hasMatch()) {
            r.type = asanType(m.captured(1));
        } else if (lsan.match(line).hasMatch()) {
            r.type = QStringLiteral("memory-leak");
        } else if (const auto l = libfuzzer.match(line); l.hasMatch()) {
            const QString what = l.captured(1);
            r.type = what == QLatin1String("timeout")         ? QStringLiteral("timeout")
                     : what == QLatin1String("out-of-memory") ? QStringLiteral("out-of-memory")
                     : what == QLatin1String("deadly signal") ? QStringLiteral("deadly-signal")
                                                              : QStringLiteral("fuzzer-crash");
        } else if (const auto u = ubsan.match(line); u.hasMatch()) {
            r.type = QStringLiteral("undefined-behavior");
            r.check = ubsanCheck(u.captured(4));
            ubsanLocation.file = u.captured(1);
            ubsanLocation.line = u.captured(2).toInt();
            ubsanLocation.column = u.captured(3).toInt();
            if (ubsanLocation.file.startsWith(targetPrefix + QLatin1Char('/')))
                ubsanLocation.path = findings::relativeToTarget(ubsanLocation.file, targetPrefix);
        } else {
            continue;
        }
        errorLine = i;
        r.summary = line.trimmed();
    }
    if (errorLine < 0) {
        r.type = QStringLiteral("fuzzer-crash");
        return r;
    }

    // The crashing stack: the first run of frames after the error (for a leak, the first
    // "Direct leak" if there is one, else the first leak).
    qsizetype from = errorLine + 1;
    if (r.type == QLatin1String("memory-leak")) {
        for (qsizetype i = from; i < lines.size(); ++i)
            if (lines.at(i).startsWith(QLatin1String("Direct leak of"))) {
                from = i + 1;
                break;
            }
    }
    bool inStack = false;
    for (qsizetype i = from; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (r.access.isEmpty() && !inStack) {
            if (const auto a = access.match(line); a.hasMatch())
                r.access = a.captured(1);
            else if (const auto s = signalAccess.match(line); s.hasMatch())
                r.access = s.captured(1);
        }
        if (auto frame = parseFrame(line, targetPrefix)) {
            inStack = true;
            r.frames << *frame;
        } else if (inStack) {
            break;
        }
        if (line.startsWith(QLatin1String("SUMMARY: ")))
            break;
    }
    for (qsizetype i = errorLine; i < lines.size(); ++i) {
        if (lines.at(i).startsWith(QLatin1String("SUMMARY: "))) {
            r.summary = lines.at(i).trimmed();
            static const QRegularExpression asanSummary(
                QStringLiteral("^SUMMARY: AddressSanitizer: ([A-Za-z-]+)"));
            if (const auto a = asanSummary.match(lines.at(i));
                a.hasMatch() && asan.match(lines.at(errorLine)).hasMatch())
                r.type = asanType(a.captured(1)); // "requested allocation size" -> allocation-size-too-big
            if (const auto u = ubsanSummary.match(lines.at(i));
                u.hasMatch() && r.type == QLatin1String("undefined-behavior") &&
                u.captured(1) != QLatin1String("undefined-behavior"))
                r.check = u.captured(1); // report_error_type=1 names it exactly
            break;
        }
    }
    // UBSan without print_stacktrace=1 gives only the location of the error.
    if (r.frames.isEmpty() && !ubsanLocation.file.isEmpty())
        r.frames << ubsanLocation;
    return r;
}

QString crashSignature(const CrashReport &report)
{
    QStringList parts{report.type};
    for (const StackFrame &f : report.frames) {
        if (!f.inProject())
            continue;
        parts << f.function + QLatin1Char(' ') + f.path;
        if (parts.size() == 4)
            break;
    }
    return QString::fromLatin1(
        QCryptographicHash::hash(parts.join(QLatin1Char('\n')).toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<QList<Finding>> parseCrashLog(const QByteArray &output, const findings::ParseContext &ctx)
{
    static const QLatin1String begin("==== FUZZFORGE CRASH ");
    static const QLatin1String end("==== FUZZFORGE END");
    // "==== FUZZFORGE ALSO name=<sha1> count=N": N further inputs with the same libFuzzer
    // DEDUP_TOKEN as the recorded input <sha1>, counted but not re-run.
    static const QLatin1String also("==== FUZZFORGE ALSO ");
    QList<std::pair<QString, qint64>> extra;
    const QString text = QString::fromUtf8(output);
    const QStringList lines = text.split(QLatin1Char('\n'));
    QList<Record> records;
    std::optional<Record> open;
    int openedAt = 0;
    QStringList body;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const int number = int(i + 1);
        if (line.startsWith(begin)) {
            if (open)
                return Error::make(
                    Error::Kind::Parse,
                    QStringLiteral("crashes.log line %1: record %2 (line %3) has no end marker")
                        .arg(number)
                        .arg(open->header.name)
                        .arg(openedAt));
            auto header = parseHeader(QStringView(line).mid(begin.size()), number);
            if (!header)
                return header.error();
            open = Record{};
            open->header = header.value();
            openedAt = number;
            body.clear();
        } else if (line == end) {
            if (!open)
                return Error::make(
                    Error::Kind::Parse,
                    QStringLiteral("crashes.log line %1: end marker without a record").arg(number));
            open->report = body.join(QLatin1Char('\n'));
            open->crash = parseSanitizerReport(open->report, ctx.targetPrefix);
            open->signature = crashSignature(open->crash);
            records << *open;
            open.reset();
        } else if (open) {
            body << lines.at(i);
        } else if (line.startsWith(also)) {
            static const QRegularExpression re(QStringLiteral("^name=([0-9a-f]+) count=(\\d+)$"));
            const auto m = re.match(QStringView(line).mid(also.size()));
            if (!m.hasMatch())
                return Error::make(Error::Kind::Parse,
                                   QStringLiteral("crashes.log line %1: malformed ALSO line").arg(number));
            extra << std::pair{m.captured(1), m.captured(2).toLongLong()};
        } else if (!line.trimmed().isEmpty()) {
            return Error::make(Error::Kind::Parse,
                               QStringLiteral("crashes.log line %1: text outside a record").arg(number));
        }
    }
    if (open)
        return Error::make(
            Error::Kind::Parse,
            QStringLiteral("crashes.log: record %1 (line %2) is not terminated (truncated log?)")
                .arg(open->header.name)
                .arg(openedAt));

    // Group by signature, in the order first seen; the smallest input stands for its group.
    QList<QString> order;
    QHash<QString, QList<qsizetype>> groups;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QString &sig = records.at(i).signature;
        if (!groups.contains(sig))
            order << sig;
        groups[sig] << i;
    }
    QHash<QString, qint64> uncounted; // by signature
    for (const auto &entry : std::as_const(extra)) {
        const QString &name = entry.first;
        const qint64 count = entry.second;
        const auto it = std::find_if(records.cbegin(), records.cend(),
                                     [&name](const Record &r) { return r.header.name == name; });
        if (it == records.cend())
            return Error::make(Error::Kind::Parse,
                               QStringLiteral("crashes.log: ALSO names %1, which has no record").arg(name));
        uncounted[it->signature] += count;
    }
    QList<Finding> out;
    for (const QString &sig : std::as_const(order)) {
        const QList<qsizetype> &members = groups.value(sig);
        qsizetype best = members.first();
        for (const qsizetype i : members)
            if (records.at(i).header.size < records.at(best).header.size)
                best = i;
        const Record &rec = records.at(best);
        const CrashReport &crash = rec.crash;
        const QList<StackFrame> top = topFrames(crash);

        Finding f;
        f.workflow = ctx.workflow;
        f.tool = ctx.tool.isEmpty() ? rec.header.engine : ctx.tool;
        f.toolVersion = ctx.toolVersion;
        f.ruleId = crash.type;
        QString where;
        for (const StackFrame &frame : top)
            if (frame.inProject()) {
                where = frame.function.isEmpty() ? frame.path + QLatin1Char(':') + QString::number(frame.line)
                                                 : frame.function;
                f.path = frame.path;
                f.region = {frame.line, frame.column, frame.line, 0};
                break;
            }
        if (where.isEmpty() && !top.isEmpty())
            where = top.first().function;
        f.title = where.isEmpty() ? crash.type : crash.type + QLatin1String(" in ") + where;
        QString message =
            crash.summary.isEmpty()
                ? QStringLiteral("The input crashed the harness, but the reproducer run printed no "
                                 "recognisable sanitizer or libFuzzer report.")
                : crash.summary;
        if (!crash.check.isEmpty() && crash.check != QLatin1String("undefined-behavior") &&
            !message.contains(crash.check))
            message += QLatin1String(" (") + crash.check + QLatin1Char(')');
        for (qsizetype i = 0; i < top.size() && i < 3; ++i)
            message += QStringLiteral("\n  #%1 %2").arg(i).arg(frameText(top.at(i), true));
        f.message = message;
        f.severity = severityOf(crash);
        f.confidence = crash.recognised() ? QStringLiteral("high") : QStringLiteral("low");
        f.cwe = cweOf(crash, rec.report);
        f.fingerprint = sig;

        QJsonArray frames;
        for (const StackFrame &frame : top)
            frames << frameText(frame, false);
        QJsonObject reproducer{{QStringLiteral("name"), rec.header.name},
                               {QStringLiteral("size"), rec.header.size},
                               {QStringLiteral("base64"), rec.header.base64}};
        QJsonObject c{{QStringLiteral("signature"), sig},
                      {QStringLiteral("type"), crash.type},
                      {QStringLiteral("access"), crash.access},
                      {QStringLiteral("frames"), frames},
                      {QStringLiteral("occurrences"), members.size() + uncounted.value(sig)},
                      {QStringLiteral("engine"), rec.header.engine},
                      {QStringLiteral("kind"), rec.header.kind},
                      {QStringLiteral("stack"), capped(rec.report)},
                      {QStringLiteral("reproducer"), reproducer}};
        if (!crash.check.isEmpty())
            c.insert(QStringLiteral("check"), crash.check);
        f.properties.insert(QStringLiteral("crash"), c);
        out << f;
    }
    return out;
}

} // namespace ff::fuzz
