// The generic rules: a value assigned to a secret-like key, graded by its shape and entropy.

#include "assign.h"

#include "checks.h"

#include <algorithm>

namespace ffsecrets {

bool decodesToText(std::string_view v, bool quoted)
{
    std::size_t escapes = 0, percents = 0;
    for (std::size_t i = 0; i + 2 < v.size(); ++i) {
        if (v[i] == '%' && isHexDigit(v[i + 1]) && isHexDigit(v[i + 2]))
            ++percents;
        if (quoted && v[i] == '\\' && (v[i + 1] == 'x' || v[i + 1] == 'u' || isDigit(v[i + 1])))
            ++escapes;
    }
    if (percents >= 2 || escapes >= 2)
        return true;
    if (v.size() >= 16 && allHex(v) && v.size() % 2 == 0) {
        const auto d = decodeHex(v);
        return d && mostlyPrintable(*d, 0.97);
    }
    if (v.size() >= 16 &&
        std::all_of(v.begin(), v.end(), [](char c) { return isBase64Char(c) || c == '='; })) {
        const auto d = decodeBase64(v);
        return d && d->size() >= 6 && mostlyPrintable(*d, 0.97);
    }
    return false;
}

namespace {

bool hasFormatField(std::string_view v)
{
    for (std::size_t open = v.find('{'); open != std::string_view::npos; open = v.find('{', open + 1)) {
        std::size_t e = open + 1;
        while (e < v.size() && (isIdentChar(v[e]) || v[e] == '.'))
            ++e;
        if (e < v.size() && v[e] == '}' && e > open + 1)
            return true;
    }
    return false;
}

// Words joined by '-', '_' or '.': each part lower-case or capitalised letters, or a number
// ("always-impersonate", "scram-sha-256", "Executions").
bool wordsOnly(std::string_view v)
{
    bool letters = false;
    std::size_t i = 0;
    while (i < v.size()) {
        std::size_t e = i;
        while (e < v.size() && v[e] != '-' && v[e] != '_' && v[e] != '.')
            ++e;
        const std::string_view part = v.substr(i, e - i);
        const bool number = !part.empty() && std::all_of(part.begin(), part.end(), isDigit);
        const bool word = !part.empty() && (isLower(part[0]) || isUpper(part[0])) &&
                          std::all_of(part.begin() + 1, part.end(), isLower);
        if (!number && !word)
            return false;
        letters |= word;
        i = e + 1;
    }
    return letters;
}

} // namespace

bool confirmGeneric(const Window &w, Candidate &c)
{
    const auto a = parseAssignment(w);
    if (!a)
        return false;
    const std::string_view key = w.text.substr(a->keyBegin, a->keyEnd - a->keyBegin);
    const KeyInfo info = classifyKey(key);
    if (info.strength == KeyStrength::None)
        return false;
    const std::string_view v = w.text.substr(a->valueBegin, a->valueEnd - a->valueBegin);
    // Short values: only a password may be that short ("root", "admin"), and it ranks low.
    if (v.size() < (info.passwordLike ? 4u : 6u) || v.size() > 512)
        return false;
    const auto spaces = std::count(v.begin(), v.end(), ' ');
    if (spaces >= 2 || (spaces && !info.passwordLike) || v.find("://") != std::string_view::npos)
        return false;
    if (v.front() == '/' || v.starts_with("./") || v.starts_with("~/") || v.starts_with("..") ||
        (v.front() == '{' && v.back() == '}') || (v.front() == '(' && v.back() == ')') || v.front() == '[')
        return false;
    const std::string lower = toLower(v);
    for (std::string_view ext :
         {".pem", ".key",  ".json", ".txt", ".crt",  ".p12", ".jks",        ".yaml",  ".yml", ".env",
          ".o",   ".so",   ".a",    ".c",   ".h",    ".py",  ".js",         ".class", ".jar", ".dll",
          ".exe", ".html", ".xml",  ".cfg", ".conf", ".ini", ".properties", ".log",   ".sh",  ".pub"})
        if (lower.ends_with(ext))
            return false;
    // Format strings and templates ("{name}", "%s") and values that repeat their key are not secrets.
    if (lower.find("%s") != std::string::npos || lower.find("%d") != std::string::npos ||
        lower.find("%(") != std::string::npos || hasFormatField(v) ||
        (key.size() >= 4 && lower.find(toLower(key)) != std::string::npos))
        return false;
    if (!w.synthetic && decodesToText(v, a->quoted))
        return false;

    const double h = shannonEntropy(v);
    const int classes = characterClasses(v);
    const bool random = v.size() >= 16 && h >= 3.5 && classes >= 2;
    if (allHex(v) && isHashLength(v.size())) {
        if (isEmptyInputHash(lower))
            return false;
        c.confidence = info.passwordLike ? Confidence::Low : Confidence::Medium;
    } else if (isUuid(v)) {
        // Heroku and a few others use UUID keys; a bare "key" holding one is an identifier.
        if (info.strength == KeyStrength::Weak)
            return false;
        c.confidence = Confidence::Low;
    } else if (wordsOnly(v) || std::all_of(v.begin(), v.end(), [](char ch) { return !isAlpha(ch); })) {
        // Tokens and keys are never lower-case words ("always-impersonate", "scram-sha-256") nor
        // bare numbers (timestamps, versions); a password may be, but a weak one.
        if (!info.passwordLike)
            return false;
        c.confidence = Confidence::Low;
    } else if (info.strength == KeyStrength::Weak) {
        if (!(v.size() >= 20 && h >= 4.0 && classes >= 3))
            return false;
        c.confidence = Confidence::Medium;
    } else if (random || (info.passwordLike && v.size() >= 10 && classes >= 3 && h >= 3.0)) {
        c.confidence = Confidence::High;
    } else if (v.size() >= 8 && classes >= 2 && h >= 2.5) {
        c.confidence = Confidence::Medium;
    } else if (info.passwordLike && classes >= 2 && v.size() >= 6) {
        c.confidence = Confidence::Medium;
    } else {
        c.confidence = Confidence::Low;
    }
    switch (judgeValue(v)) {
    case ValueVerdict::Drop:
        return false;
    case ValueVerdict::Placeholder:
        c.placeholder = true;
        c.confidence = Confidence::Low;
        break;
    case ValueVerdict::Weak:
        if (w.file.kind == FileKind::Docs)
            return false;
        c.confidence = Confidence::Low;
        break;
    case ValueVerdict::Ok:
        break;
    }
    c.rule = info.passwordLike ? GenericPassword : GenericSecret;
    c.begin = a->valueBegin;
    c.end = a->valueEnd;
    c.shownPrefix = 0;
    return true;
}

} // namespace ffsecrets
