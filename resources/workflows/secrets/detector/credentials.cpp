// Confirm steps of the multi-part credentials: private keys and service-account files, JWTs,
// passwords in URLs and in SQL.

#include "tokens.h"

#include "checks.h"
#include "tokenutil.h"

#include <algorithm>
#include <optional>

namespace ffsecrets {

using namespace confirm;

bool confirmServiceAccount(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    std::size_t e = w.to;
    while (e < t.size() && t[e] != '"' && t[e] != '\n')
        e += t[e] == '\\' ? 2 : 1;
    if (e >= t.size() || t[e] != '"' || e - w.to < 100)
        return false;
    if (t.substr(w.to, 10) != "-----BEGIN" || !nearby(t, w.to, 8192, "\"service_account\""))
        return false;
    c.begin = w.to;
    c.end = e;
    c.shownPrefix = 10;
    return grade(judgeTokenBody(t.substr(w.to + 40, std::min<std::size_t>(64, e - w.to - 40))), c);
}

bool confirmPrivateKey(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    const std::size_t s = t.rfind("-----BEGIN", w.to);
    if (s == std::string_view::npos || w.to - s > 80)
        return false;
    // The body may be wrapped in string literals ("...\n" + "...") or escaped newlines.
    std::size_t p = w.to, base64 = 0, end = w.to;
    bool masked = false;
    while (p < t.size() && p - w.to < 16384) {
        const char ch = t[p];
        if (t.substr(p, 8) == "-----END") {
            const std::size_t close = t.find("-----", p + 8);
            end = close == std::string_view::npos ? p + 8 : close + 5;
            break;
        }
        if (ch == '\\' && p + 1 < t.size()) {
            p += 2;
            continue;
        }
        if (isBase64Std(ch) || ch == '=') {
            ++base64;
            end = ++p;
            continue;
        }
        if (ch == ':' || (ch == '.' && t.substr(p, 3) == "...")) {
            masked |= ch == '.';
            // "Proc-Type: 4,ENCRYPTED" and similar header lines: skip the rest of the line.
            while (p < t.size() && t[p] != '\n')
                ++p;
            continue;
        }
        if (isSpace(ch) || ch == '"' || ch == '\'' || ch == '+' || ch == ',' || ch == '`')
            ++p;
        else
            break;
    }
    if (base64 < 64)
        return false;
    c.begin = s;
    c.end = end;
    c.shownPrefix = w.to - s;
    if (masked)
        return grade(ValueVerdict::Placeholder, c);
    const std::size_t body = std::min(t.size(), w.to + 120);
    const auto verdict = judgeTokenBody(t.substr(w.to, body - w.to));
    return grade(verdict == ValueVerdict::Drop ? ValueVerdict::Drop : ValueVerdict::Ok, c);
}

bool confirmJwt(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    const auto s = startOf(w, 11, [](char ch) { return isTokenChar(ch) || ch == '.'; });
    if (!s)
        return false;
    std::size_t parts[3][2];
    std::size_t p = *s;
    for (int i = 0; i < 3; ++i) {
        parts[i][0] = p;
        p = runEnd(t, p, isTokenChar, 8192);
        parts[i][1] = p;
        if (i < 2 && (p >= t.size() || t[p] != '.'))
            return false;
        if (i < 2)
            ++p;
    }
    if (p < t.size() && (isTokenChar(t[p]) || t[p] == '.'))
        return false;
    const auto header = decodeBase64(t.substr(parts[0][0], parts[0][1] - parts[0][0]));
    const auto payload = decodeBase64(t.substr(parts[1][0], parts[1][1] - parts[1][0]));
    if (!header || !payload || !header->starts_with("{") || header->find("\"alg\"") == std::string::npos ||
        !payload->starts_with("{") || !mostlyPrintable(*payload, 0.9))
        return false;
    const std::size_t signature = parts[2][1] - parts[2][0];
    const bool unsigned_ = toLower(*header).find("\"none\"") != std::string::npos;
    if (signature < 16 && !unsigned_)
        return false;
    c.begin = *s;
    c.end = p;
    c.shownPrefix = 3;
    c.confidence = unsigned_ ? Confidence::Low : Confidence::Medium;
    return grade(judgeTokenBody(t.substr(parts[1][0], parts[1][1] - parts[1][0])) == ValueVerdict::Drop
                     ? ValueVerdict::Drop
                     : ValueVerdict::Ok,
                 c);
}

namespace {

// scheme://user:password@host: the password span, graded like any other password.
bool confirmUrlPassword(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    std::size_t stop = w.to;
    while (stop < t.size() && stop - w.to < 512 && !isSpace(t[stop]) &&
           std::string_view("\"'`<>/?#()[]{},;|\\").find(t[stop]) == std::string_view::npos)
        ++stop;
    const std::size_t at = t.substr(w.to, stop - w.to).rfind('@');
    if (at == std::string_view::npos)
        return false;
    const std::string_view userinfo = t.substr(w.to, at);
    const std::size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos || colon + 1 >= userinfo.size())
        return false;
    c.begin = w.to + colon + 1;
    c.end = w.to + at;
    const std::string_view password = t.substr(c.begin, c.end - c.begin);
    const std::string host = toLower(t.substr(w.to + at + 1, stop - w.to - at - 1));
    if (host.empty())
        return false;
    if (!grade(judgeValue(password), c))
        return false;
    const std::string user = toLower(userinfo.substr(0, colon));
    bool placeholderUser = false;
    for (std::string_view u :
         {"user", "username", "usr", "foo", "me", "you", "name", "login", "someone", "myuser"})
        placeholderUser |= user == u;
    if (containsLower(host, "example") || host.starts_with("host") || placeholderUser)
        return grade(ValueVerdict::Placeholder, c);
    if (c.confidence == Confidence::High && (host.starts_with("localhost") || host.starts_with("127.0.0.1")))
        c.confidence = Confidence::Medium;
    return true;
}

} // namespace

bool confirmDatabaseUrl(const Window &w, Candidate &c)
{
    return confirmUrlPassword(w, c);
}

bool confirmBasicAuthUrl(const Window &w, Candidate &c)
{
    return confirmUrlPassword(w, c);
}

bool confirmSqlPassword(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    std::size_t p = w.to;
    while (p < t.size() && isSpace(t[p]) && t[p] != '\n')
        ++p;
    if (toLower(t.substr(p, 8)) == "password")
        p += 8;
    while (p < t.size() && (t[p] == ' ' || t[p] == '\t'))
        ++p;
    // SQL quotes strings with '; "..." is an identifier outside a few dialects' SQL files.
    if (p >= t.size() || (t[p] != '\'' && !(t[p] == '"' && w.file.kind == FileKind::Sql)))
        return false;
    const std::size_t e = t.find(t[p], p + 1);
    if (e == std::string_view::npos || t.substr(p, e - p).find('\n') != std::string_view::npos)
        return false;
    c.begin = p + 1;
    c.end = e;
    const std::string_view v = t.substr(c.begin, c.end - c.begin);
    c.confidence = characterClasses(v) >= 3 && v.size() >= 8 ? Confidence::High : Confidence::Medium;
    return grade(judgeValue(v), c);
}

} // namespace ffsecrets
