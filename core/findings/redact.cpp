#include "redact.h"

#include <QJsonObject>
#include <QList>
#include <QRegularExpression>

#include <algorithm>

namespace ff::findings {

namespace {

struct Span
{
    qsizetype start;
    qsizetype length;
};

// A pattern whose whole match (or its named group "v") is a secret, with the literals one of
// which any match contains: most text holds none of them and is passed over without running
// the expression (a report redacts every snippet and message it shows).
struct TokenPattern
{
    QRegularExpression re;
    QStringList needles;
    Qt::CaseSensitivity needleCase;
    bool secretName = false; // a match counts only if its group "name" says it holds a secret

    // `lower` is the text in lower case: Qt's case-insensitive search is several times slower
    // than searching the lowered text once per needle.
    bool mayMatch(const QString &text, const QString &lower) const
    {
        const QString &haystack = needleCase == Qt::CaseInsensitive ? lower : text;
        return std::any_of(needles.cbegin(), needles.cend(),
                           [&](const QString &n) { return haystack.contains(n); });
    }
};

const QList<TokenPattern> &tokenPatterns()
{
    struct Source
    {
        const char *re;
        const char *needles; // '|'-separated
        bool caseInsensitive;
        bool secretName = false;
    };
    static const QList<TokenPattern> patterns = [] {
        const Source sources[] = {
            // AWS access key ids
            {R"(\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b)",
             "AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA", false},
            // GitHub classic and fine-grained tokens, GitLab personal access tokens
            {R"(\bgh[pousr]_[A-Za-z0-9]{36,}\b)", "gh", false},
            {R"(\bgithub_pat_[A-Za-z0-9_]{22,}\b)", "github_pat_", false},
            {R"(\bglpat-[A-Za-z0-9_\-]{20,})", "glpat-", false},
            // Slack tokens and webhooks
            {R"(\bxox[abposr]-[A-Za-z0-9\-]{10,})", "xox", false},
            {R"(https://hooks\.slack\.com/services/(?<v>[A-Za-z0-9/_\-]+))", "hooks.slack.com", false},
            // Stripe, Google API keys, SendGrid, Twilio
            {R"(\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,})", "_live_|_test_", false},
            {R"(\bAIza[0-9A-Za-z_\-]{35})", "AIza", false},
            {R"(\bSG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,})", "SG.", false},
            {R"(\bSK[0-9a-fA-F]{32}\b)", "SK", false},
            // JSON web tokens
            {R"(\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*)", "eyJ", false},
            // Private key blocks: the body, up to the end marker or the end of the text
            {R"(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?<v>[\s\S]+?)(?=-----END|$))", "PRIVATE KEY",
             false},
            // user:password@ in URLs
            {R"(\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@]+:(?<v>[^\s@/]+)@)", "://", false},
            // Azure storage account keys and connection-string secrets
            {R"((?i)\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=(?<v>[^;\s"']+))",
             "AccountKey=|SharedAccess|sig=", true},
            // Values assigned to a name that says it holds a secret, quoted or not:
            // password = "x", API_KEY: x, "token": "x", secret => 'x', --password=x
            // The name is matched whole and possessively, from its first character only, and
            // checked for a secret word afterwards (SecretName): linear in the text, where a
            // pattern with the words inside the name backtracks over long identifiers until
            // PCRE2's match limit stops it.
            {R"((?<![A-Za-z0-9_.\-])(?<name>[A-Za-z0-9_.\-]++)["']?\s*+(?::=|=>|[:=])\s*+(?:(?<q>["'])(?<v>[^"'\r\n]+)\k<q>|(?<v2>[^\s"',;)\]}]{4,})))",
             "pass|pwd|secret|token|key|credential", true, true},
        };
        QList<TokenPattern> out;
        for (const Source &s : sources) {
            QRegularExpression re(QString::fromLatin1(s.re), QRegularExpression::UseUnicodePropertiesOption);
            Q_ASSERT_X(re.isValid(), "redact", qPrintable(re.errorString()));
            re.optimize();
            const QString needles = QString::fromLatin1(s.needles);
            out << TokenPattern{re, (s.caseInsensitive ? needles.toLower() : needles).split(QLatin1Char('|')),
                                s.caseInsensitive ? Qt::CaseInsensitive : Qt::CaseSensitive, s.secretName};
        }
        return out;
    }();
    return patterns;
}

// Only for findings about secrets: any quoted string, and any long token that looks random.
const QList<QRegularExpression> &aggressivePatterns()
{
    static const QList<QRegularExpression> patterns = [] {
        QList<QRegularExpression> out;
        out << QRegularExpression(QStringLiteral(R"((?<q>["'`])(?<v>[^"'`\r\n]{4,})\k<q>)"));
        out << QRegularExpression(QStringLiteral(R"((?<v>[A-Za-z0-9+/=_\-]{16,}))"));
        for (auto &re : out)
            re.optimize();
        return out;
    }();
    return patterns;
}

// An unquoted value like `os.getenv` or `None` is code, not a secret; random-looking ones are.
bool looksLikeSecret(QStringView v)
{
    if (v.size() < 8)
        return false;
    bool lower = false, upper = false, digit = false, other = false;
    for (QChar c : v) {
        if (c.isLower())
            lower = true;
        else if (c.isUpper())
            upper = true;
        else if (c.isDigit())
            digit = true;
        else
            other = true;
    }
    return int(lower) + int(upper) + int(digit) + int(other) >= 2 && digit;
}

void addSpan(QList<Span> &spans, const QRegularExpressionMatch &m, bool unquotedNeedsRandom)
{
    for (const char *group : {"v", "v2"}) {
        const QString name = QString::fromLatin1(group);
        if (m.capturedStart(name) < 0)
            continue;
        const QStringView value = m.capturedView(name);
        if (unquotedNeedsRandom && name == QLatin1String("v2") && !looksLikeSecret(value))
            return;
        spans.append({m.capturedStart(name), m.capturedLength(name)});
        return;
    }
    spans.append({m.capturedStart(0), m.capturedLength(0)});
}

// Calls `onMatch` for every match from the start of the text on; it returns where to look
// next. False when matching failed with an error (PCRE2's match or depth limit): the matches
// seen so far are not all there are.
template <typename OnMatch> bool eachMatch(const QRegularExpression &re, const QString &text, OnMatch onMatch)
{
    qsizetype offset = 0;
    while (offset <= text.size()) {
        const QRegularExpressionMatch m = re.match(text, offset);
        if (!m.isValid())
            return false;
        if (!m.hasMatch())
            return true;
        offset = std::max(onMatch(m), m.capturedStart() + 1);
    }
    return true;
}

const QRegularExpression &secretWords()
{
    static const QRegularExpression re = [] {
        QRegularExpression r(QStringLiteral(
            R"((?i)passw(?:or)?d|pwd|secret|token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|)"
            R"(credentials?|auth[_\-]?key)"));
        r.optimize();
        return r;
    }();
    return re;
}

// Fails closed: every line holding one of the pattern's literals is hidden whole.
void hideLines(QList<Span> &spans, const QString &text, const QString &lower, const TokenPattern &p)
{
    const QString &haystack = p.needleCase == Qt::CaseInsensitive ? lower : text;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf(QLatin1Char('\n'), start);
        if (end < 0)
            end = text.size();
        const QStringView line = QStringView(haystack).mid(start, end - start);
        if (std::any_of(p.needles.cbegin(), p.needles.cend(),
                        [&](const QString &n) { return line.contains(n); }))
            spans.append({start, end - start});
        start = end + 1;
    }
}

} // namespace

bool isSecretFinding(const Finding &f)
{
    static const QRegularExpression ruleWords(
        QStringLiteral(R"((?i)secret|credential|password|passwd|api[_\-]?key|token|private[_\-]?key|leak)"));
    // Titles are prose ("unexpected token"): only the words that mean a secret there.
    static const QRegularExpression titleWords(
        QStringLiteral(R"((?i)secret|credential|password|api[ _\-]?key|private key)"));
    static const QStringList tools{QStringLiteral("gitleaks"), QStringLiteral("trufflehog"),
                                   QStringLiteral("detect-secrets"), QStringLiteral("fuzzforge-secrets")};
    static const QStringList cwes{QStringLiteral("CWE-798"), QStringLiteral("CWE-259"),
                                  QStringLiteral("CWE-321"), QStringLiteral("CWE-522"),
                                  QStringLiteral("CWE-312")};
    return f.workflow.contains(QLatin1String("secret"), Qt::CaseInsensitive) ||
           tools.contains(f.tool, Qt::CaseInsensitive) || cwes.contains(f.cwe) ||
           ruleWords.match(f.ruleId).hasMatch() || titleWords.match(f.title).hasMatch();
}

QString maskValue(QStringView value)
{
    const qsizetype keep = value.size() >= 16 ? 4 : (value.size() >= 10 ? 2 : 0);
    return value.left(keep).toString() + QStringLiteral("…[redacted, %1 chars]").arg(value.size());
}

Redacted redactSecrets(const QString &text, bool aggressive)
{
    if (text.isEmpty())
        return {text, false};
    QList<Span> spans;
    // One pass over the text for the literals of every pattern: most snippets and messages
    // have none, and are done here.
    static const QRegularExpression anyNeedle = [] {
        QRegularExpression re(QStringLiteral(
            R"(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|)"
            R"(hooks\.slack\.com|_(?:live|test)_|AIza|SG\.|SK[0-9a-fA-F]|eyJ|PRIVATE KEY|://|)"
            R"((?i:accountkey=|sharedaccess|sig=|pass|pwd|secret|token|key|credential))"));
        re.optimize();
        return re;
    }();
    const bool anyToken = anyNeedle.match(text).hasMatch();
    const QString lower = anyToken ? text.toLower() : QString();
    for (const TokenPattern &p : tokenPatterns()) {
        if (!anyToken)
            break;
        if (!p.mayMatch(text, lower))
            continue;
        const bool matched = eachMatch(p.re, text, [&](const QRegularExpressionMatch &m) -> qsizetype {
            // Not a secret's name: the value may itself be an assignment (`a = password=x`).
            if (p.secretName && !secretWords().match(m.capturedView(u"name")).hasMatch())
                return m.capturedEnd(u"name");
            addSpan(spans, m, true);
            return m.capturedEnd();
        });
        if (!matched)
            hideLines(spans, text, lower, p);
    }
    if (aggressive) {
        for (const QRegularExpression &re : aggressivePatterns()) {
            const bool matched = eachMatch(re, text, [&](const QRegularExpressionMatch &m) -> qsizetype {
                if (m.capturedStart(u"q") >= 0 || looksLikeSecret(m.capturedView(u"v")))
                    addSpan(spans, m, false);
                return m.capturedEnd();
            });
            // A secret's text that cannot be searched is hidden whole.
            if (!matched)
                spans.append({0, text.size()});
        }
    }
    if (spans.isEmpty())
        return {text, false};
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });
    // Overlapping spans hide their union.
    QList<Span> merged;
    for (const Span &s : spans) {
        if (!merged.isEmpty() && s.start <= merged.last().start + merged.last().length) {
            Span &last = merged.last();
            last.length = std::max(last.start + last.length, s.start + s.length) - last.start;
        } else {
            merged << s;
        }
    }
    QString out;
    out.reserve(text.size());
    qsizetype at = 0;
    for (const Span &s : merged) {
        out += QStringView(text).mid(at, s.start - at);
        out += maskValue(QStringView(text).mid(s.start, s.length));
        at = s.start + s.length;
    }
    out += QStringView(text).mid(at);
    return {out, true};
}

bool redactFinding(Finding &f, bool all)
{
    const bool secret = isSecretFinding(f);
    if (!all && !secret)
        return false;
    bool changed = false;
    for (QString *text : {&f.message, &f.snippet}) {
        Redacted r = redactSecrets(*text, secret);
        if (r.changed) {
            *text = std::move(r.text);
            changed = true;
        }
    }
    // A crash's stack is the harness's whole output: it may print what it read.
    QJsonObject crash = f.properties.value(QLatin1String("crash")).toObject();
    if (crash.contains(QLatin1String("stack"))) {
        const Redacted stack = redactSecrets(crash.value(QLatin1String("stack")).toString(), secret);
        if (stack.changed) {
            crash.insert(QLatin1String("stack"), stack.text);
            f.properties.insert(QLatin1String("crash"), crash);
            changed = true;
        }
    }
    return changed;
}

} // namespace ff::findings
