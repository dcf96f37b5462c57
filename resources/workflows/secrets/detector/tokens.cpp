#include "tokens.h"

#include "assign.h"
#include "checks.h"
#include "tokenutil.h"

#include <algorithm>
#include <optional>

namespace ffsecrets {

using namespace confirm;

bool githubChecksumValid(std::string_view token)
{
    // prefix_ + 30 random characters + their CRC32 in 6 base62 digits (npm_ tokens alike).
    if (token.size() != 40 || token[3] != '_')
        return false;
    return base62(crc32(token.substr(4, 30)), 6) == token.substr(34, 6);
}

bool confirmNpm(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 40);
    if (!s || (w.to < w.text.size() && isTokenChar(w.text[w.to])))
        return false;
    if (!githubChecksumValid(w.text.substr(*s, 40)))
        return false;
    c.begin = *s;
    c.end = w.to;
    c.shownPrefix = 4;
    return grade(judgeTokenBody(w.text.substr(*s + 4, 30)), c);
}

bool confirmPypi(const Window &w, Candidate &c)
{
    // The fixed part is a macaroon's base64 header naming pypi.org; the rest is its body.
    const auto s = startOf(w, 70);
    if (!s)
        return false;
    const std::size_t e = runEnd(w.text, w.to, isTokenChar, 400);
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 5;
    return grade(judgeTokenBody(w.text.substr(w.to - 50, e - w.to + 50)), c);
}

bool confirmGithubClassic(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 40);
    if (!s || (w.to < w.text.size() && isTokenChar(w.text[w.to])))
        return false;
    const std::string_view token = w.text.substr(*s, 40);
    if (!githubChecksumValid(token))
        return false;
    c.begin = *s;
    c.end = w.to;
    c.shownPrefix = 4;
    return grade(judgeTokenBody(token.substr(4, 30)), c);
}

bool confirmGithubFineGrained(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 34);
    if (!s)
        return false;
    const std::size_t e = runEnd(w.text, w.to, isAlnum, 80);
    if (e - w.to != 59 || (e < w.text.size() && isTokenChar(w.text[e])))
        return false;
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 11;
    return grade(judgeTokenBody(w.text.substr(*s + 11, e - *s - 11)), c);
}

bool confirmGitlab(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 26);
    if (!s)
        return false;
    const std::size_t e = runEnd(w.text, *s + 6, isTokenChar, 80);
    if (e - *s - 6 > 64)
        return false;
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 6;
    return grade(judgeTokenBody(w.text.substr(*s + 6, e - *s - 6)), c);
}

bool confirmAwsKeyId(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 20, isAlnum);
    if (!s || (w.to < w.text.size() && isAlnum(w.text[w.to])))
        return false;
    c.begin = *s;
    c.end = w.to;
    c.shownPrefix = 4;
    return grade(judgeTokenBody(w.text.substr(*s + 4, 16)), c);
}

namespace {

// A fixed-format value assigned to a key whose name the anchor matched.
std::optional<std::string_view> assignedValue(const Window &w, Candidate &c)
{
    const auto a = parseAssignment(w);
    if (!a)
        return std::nullopt;
    c.begin = a->valueBegin;
    c.end = a->valueEnd;
    return w.text.substr(a->valueBegin, a->valueEnd - a->valueBegin);
}

bool isAzureKey(std::string_view v)
{
    return v.size() == 88 && v.ends_with("==") && std::all_of(v.begin(), v.end() - 2, isBase64Std);
}

} // namespace

bool confirmAwsSecret(const Window &w, Candidate &c)
{
    const auto v = assignedValue(w, c);
    if (!v || v->size() != 40 || !std::all_of(v->begin(), v->end(), isBase64Std))
        return false;
    if (characterClasses(*v) < 3 || shannonEntropy(*v) < 4.0)
        return false;
    return grade(judgeTokenBody(*v), c);
}

bool confirmGoogleApiKey(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 39);
    if (!s || (w.to < w.text.size() && isTokenChar(w.text[w.to])))
        return false;
    c.begin = *s;
    c.end = w.to;
    c.shownPrefix = 4;
    return grade(judgeTokenBody(w.text.substr(*s + 4, 35)), c);
}

bool confirmAzureConnection(const Window &w, Candidate &c)
{
    const std::size_t e = runEnd(
        w.text, w.to, [](char ch) { return isBase64Std(ch) || ch == '='; }, 100);
    const std::string_view v = w.text.substr(w.to, e - w.to);
    if (!isAzureKey(v))
        return false;
    c.begin = w.to;
    c.end = e;
    c.rule = containsLower(toLower(lineAround(w.text, w.to)), "accountname=") ? AzureConnectionString
                                                                              : AzureAccountKey;
    return grade(judgeTokenBody(v.substr(0, 86)), c);
}

bool confirmAzureKeyAssignment(const Window &w, Candidate &c)
{
    const auto v = assignedValue(w, c);
    if (!v || !isAzureKey(*v))
        return false;
    return grade(judgeTokenBody(v->substr(0, 86)), c);
}

bool confirmStripe(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 24);
    if (!s)
        return false;
    const std::size_t e = runEnd(w.text, *s + 8, isAlnum, 260);
    if (e - *s - 8 < 24 || (e < w.text.size() && isTokenChar(w.text[e])))
        return false;
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 8;
    if (w.text.substr(*s + 3, 4) == "test")
        c.rule = StripeTestKey;
    return grade(judgeTokenBody(w.text.substr(*s + 8, e - *s - 8)), c);
}

bool confirmSlackToken(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 6);
    if (!s)
        return false;
    const std::size_t e = runEnd(
        w.text, *s + 5, [](char ch) { return isAlnum(ch) || ch == '-'; }, 200);
    const std::string_view body = w.text.substr(*s + 5, e - *s - 5);
    const auto digits = std::count_if(body.begin(), body.end(), isDigit);
    if (body.size() < 20 || body.find('-') == std::string_view::npos || digits < 6)
        return false;
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 5;
    return grade(judgeTokenBody(body), c);
}

bool confirmSlackWebhook(const Window &w, Candidate &c)
{
    const std::string_view t = w.text;
    std::size_t p = w.to;
    auto part = [&](char lead, std::size_t minLen) {
        if (lead && (p >= t.size() || t[p] != lead))
            return false;
        const std::size_t e = runEnd(t, p, isAlnum, 64);
        if (e - p < minLen)
            return false;
        p = e;
        return true;
    };
    if (!part('T', 7) || p >= t.size() || t[p++] != '/' || !part('B', 7) || p >= t.size() || t[p++] != '/' ||
        !part('\0', 20))
        return false;
    c.begin = w.to - 25;
    c.end = p;
    c.shownPrefix = 25;
    return grade(judgeTokenBody(t.substr(w.to, p - w.to)), c);
}

bool confirmTwilioApiKey(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 34, isAlnum);
    if (!s || (w.to < w.text.size() && isAlnum(w.text[w.to])))
        return false;
    const std::string_view body = w.text.substr(*s + 2, 32);
    if (std::none_of(body.begin(), body.end(), isDigit) || std::none_of(body.begin(), body.end(), isLower))
        return false;
    c.begin = *s;
    c.end = w.to;
    c.shownPrefix = 2;
    c.confidence = nearby(w.text, *s, 512, "twilio") ? Confidence::High : Confidence::Medium;
    return grade(judgeTokenBody(body), c);
}

bool confirmTwilioAuthToken(const Window &w, Candidate &c)
{
    const auto v = assignedValue(w, c);
    if (!v || v->size() != 32 ||
        !std::all_of(v->begin(), v->end(), [](char ch) { return isDigit(ch) || (ch >= 'a' && ch <= 'f'); }))
        return false;
    const std::string_view t = w.text;
    bool context = nearby(t, c.begin, 1024, "twilio");
    const std::size_t b = c.begin > 1024 ? c.begin - 1024 : 0;
    const std::size_t e = std::min(t.size(), c.begin + 1024);
    for (std::size_t p = t.find("AC", b); !context && p != std::string_view::npos && p + 34 <= e;
         p = t.find("AC", p + 2))
        context = std::all_of(t.begin() + p + 2, t.begin() + p + 34, isHexDigit);
    if (!context)
        return false;
    return grade(judgeTokenBody(*v), c);
}

bool confirmSendgrid(const Window &w, Candidate &c)
{
    const auto s = startOf(w, 26);
    if (!s)
        return false;
    const std::size_t e = runEnd(w.text, w.to, isTokenChar, 64);
    if (e - w.to != 43)
        return false;
    c.begin = *s;
    c.end = e;
    c.shownPrefix = 3;
    return grade(judgeTokenBody(w.text.substr(*s + 3, e - *s - 3)), c);
}

} // namespace ffsecrets
