// Key/value assignments in code and config formats: where the value of a secret-like key is.

#include "assign.h"

#include "checks.h"

#include <algorithm>
#include <vector>

namespace ffsecrets {

namespace {

// "?api_key=..." or "&token=..." inside a URL (not "&name" after a space: a C++ reference).
bool isQueryKey(std::string_view t, std::size_t kb)
{
    return kb > 1 && (t[kb - 1] == '?' || t[kb - 1] == '&') && !isSpace(t[kb - 2]) && t[kb - 2] != '(' &&
           t[kb - 2] != ',';
}

// Where an unquoted value is a literal rather than an expression: a decoded view, a query
// parameter, a command-line flag, a connection-string field, or a config-shaped line
// ("KEY=value", "export KEY=value", "key: value") in a file that is not code.
bool unquotedLiteral(const Window &w, std::size_t kb, std::size_t valueEnd, bool quotedKey)
{
    const std::string_view t = w.text;
    const char before = kb > 0 ? t[kb - 1] : '\n';
    const char after = valueEnd < t.size() ? t[valueEnd] : '\n';
    if (w.synthetic || isQueryKey(t, kb) || t[kb] == '-')
        return true;
    // Inside a string literal ("Authorization: Bearer ...", "...;Password=...;") the text is
    // literal whatever the file type, when the value ends the literal or a field of it.
    const bool inLiteral = !quotedKey && (before == '"' || before == '\'' || before == ';');
    if (inLiteral && (after == before || after == ';' || after == '&' || after == ',' || after == '"' ||
                      after == '\'' || (before == ';' && isSpace(after))))
        return true;
    if (w.file.kind == FileKind::Code || w.file.kind == FileKind::Sql)
        return false;
    if (valueEnd < t.size() && t[valueEnd] == ';')
        return false; // "x = y;": a statement in a language this tool does not know by name
    std::size_t lb = kb;
    while (lb > 0 && t[lb - 1] != '\n')
        --lb;
    std::string_view prefix = t.substr(lb, kb - lb);
    while (!prefix.empty() && isHSpace(prefix.front()))
        prefix.remove_prefix(1);
    while (!prefix.empty() && isHSpace(prefix.back()))
        prefix.remove_suffix(1);
    const std::string lower = toLower(prefix);
    for (std::string_view lead : {"", "export", "set", "setx", "env", "arg", "declare", "declare -x", "local",
                                  "readonly", "-", "setenv"})
        if (lower == lead)
            return true;
    return false;
}

} // namespace

std::optional<Assignment> parseAssignment(const Window &w)
{
    const std::string_view t = w.text;
    std::size_t kb = std::min(w.to, t.size());
    while (kb > 0 && isKeyChar(t[kb - 1]))
        --kb;
    std::size_t ke = std::min(w.to, t.size());
    while (ke < t.size() && isKeyChar(t[ke]))
        ++ke;
    while (ke > kb && (t[ke - 1] == '.' || t[ke - 1] == '-'))
        --ke;
    if (ke <= kb)
        return std::nullopt;
    Assignment a;
    a.keyBegin = kb;
    a.keyEnd = ke;
    std::size_t p = ke;
    const char before = kb > 0 ? t[kb - 1] : '\n';
    const bool quotedKey =
        (before == '"' || before == '\'' || before == '`') && p < t.size() && t[p] == before;
    if (quotedKey)
        ++p;
    if (p < t.size() && t[p] == ']')
        ++p;
    while (p < t.size() && isHSpace(t[p]))
        ++p;
    if (p >= t.size())
        return std::nullopt;

    // XML element: <password>value</password> (attributes allowed on the opening tag).
    if (before == '<') {
        while (p < t.size() && t[p] != '>' && t[p] != '\n')
            ++p;
        if (p >= t.size() || t[p] != '>')
            return std::nullopt;
        std::size_t vb = p + 1, ve = vb;
        while (ve < t.size() && t[ve] != '<' && t[ve] != '\n')
            ++ve;
        const std::string_view key = t.substr(kb, ke - kb);
        if (t.substr(ve, 2) != "</" || t.substr(ve + 2, key.size()) != key)
            return std::nullopt;
        while (vb < ve && isHSpace(t[vb]))
            ++vb;
        while (ve > vb && isHSpace(t[ve - 1]))
            --ve;
        if (vb == ve)
            return std::nullopt;
        a.valueBegin = vb;
        a.valueEnd = ve;
        a.quoted = true;
        return a;
    }

    const char op = t[p];
    const char next = p + 1 < t.size() ? t[p + 1] : '\0';
    bool call = false, pair = false, argumentPair = false;
    std::size_t open = kb > 1 ? kb - 1 : 0;
    while (open > 0 && isHSpace(t[open - 1]))
        --open;
    if (quotedKey && op == ',' && open > 0 && t[open - 1] == '(') {
        // setProperty("mail.password", "..."), ("api_key", "..."): a call or a pair, not a list.
        pair = argumentPair = true;
        ++p;
    } else if (quotedKey && t.substr(p, 5) == "value" && p + 5 < t.size() &&
               (t[p + 5] == '=' || isHSpace(t[p + 5]))) {
        // <add key="ApiKey" value="..."/>, <Parameter name="db.password" value="..."/>.
        pair = true;
        p += 5;
        while (p < t.size() && isHSpace(t[p]))
            ++p;
        if (p >= t.size() || t[p] != '=')
            return std::nullopt;
        ++p;
    } else if (op == '=') {
        if (next == '=' || next == '~')
            return std::nullopt;
        p += next == '>' ? 2 : 1;
    } else if (op == ':') {
        if (next == ':' || next == '/')
            return std::nullopt;
        p += next == '=' ? 2 : 1;
        // A type annotation: "apiKey: string = ..." / "API_KEY: str = ...".
        std::size_t q = p;
        while (q < t.size() && q < p + 48 &&
               (isHSpace(t[q]) || isIdentChar(t[q]) || t[q] == '.' || t[q] == '[' || t[q] == ']' ||
                t[q] == '<' || t[q] == '>' || t[q] == '|'))
            ++q;
        if (q < t.size() && t[q] == '=' && (q + 1 >= t.size() || t[q + 1] != '=') && q > p)
            p = q + 1;
    } else if (op == '(' && p == ke) {
        // setPassword("..."), password("..."); in "secret.write(...)" the method is the key, and
        // an upper-case name is a macro, not a setter.
        call = true;
        ++p;
        const std::size_t dot = t.substr(kb, ke - kb).rfind('.');
        if (dot != std::string_view::npos)
            a.keyBegin = kb + dot + 1;
        const std::string_view name = t.substr(a.keyBegin, ke - a.keyBegin);
        if (std::none_of(name.begin(), name.end(), isLower))
            return std::nullopt;
    } else if (op == '"' || op == '\'') {
        if (w.file.kind != FileKind::Sql)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    while (p < t.size() && isHSpace(t[p]))
        ++p;
    if (p >= t.size())
        return std::nullopt;
    // String prefixes: b"..", r'..', f"..", rb"..", @"..", $"..".
    auto isPrefix = [](char c) {
        return std::string_view("bBrRfFuU@$").find(c) != std::string_view::npos;
    };
    auto isQuote = [](char c) {
        return c == '"' || c == '\'' || c == '`';
    };
    if (p + 1 < t.size() && isPrefix(t[p]) && isQuote(t[p + 1]))
        p += 1;
    else if (p + 2 < t.size() && isPrefix(t[p]) && isPrefix(t[p + 1]) && isQuote(t[p + 2]))
        p += 2;
    const char q = t[p];
    if (q == '"' || q == '\'' || q == '`') {
        if (p + 2 < t.size() && t[p + 1] == q && t[p + 2] == q)
            return std::nullopt; // triple-quoted blocks hold prose more often than secrets
        std::size_t e = p + 1;
        while (e < t.size() && t[e] != q && t[e] != '\n') {
            if (t[e] == '\\')
                ++e;
            ++e;
        }
        if (e >= t.size() || t[e] != q)
            return std::nullopt;
        a.valueBegin = p + 1;
        a.valueEnd = e;
        a.quoted = true;
        if (argumentPair) {
            std::size_t close = e + 1;
            while (close < t.size() && isHSpace(t[close]))
                ++close;
            if (close >= t.size() || t[close] != ')')
                return std::nullopt;
        }
    } else {
        if (call || pair || q == '|' || q == '>')
            return std::nullopt;
        const bool query = isQueryKey(t, kb);
        auto tokenEnd = [&](std::size_t from) {
            std::size_t e = from;
            while (e < t.size() && !isSpace(t[e]) && t[e] != ';' && t[e] != ',' && t[e] != '"' &&
                   t[e] != '\'' && t[e] != '<' && t[e] != ')' && t[e] != '}' && t[e] != ']' &&
                   !(query && (t[e] == '&' || t[e] == '#')))
                ++e;
            return e;
        };
        std::size_t e = tokenEnd(p);
        // "Authorization: Bearer <token>": the scheme word is not part of the secret.
        for (std::string_view scheme : {"Bearer", "bearer", "Basic", "Token", "token"})
            if (t.substr(p, e - p) == scheme && e < t.size() && t[e] == ' ') {
                p = e + 1;
                e = tokenEnd(p);
                break;
            }
        if (!unquotedLiteral(w, kb, e, quotedKey) || t.substr(p, e - p).find('(') != std::string_view::npos)
            return std::nullopt;
        a.valueBegin = p;
        a.valueEnd = e;
    }
    if (a.quoted)
        for (std::string_view scheme : {"Bearer ", "bearer ", "Basic ", "Token ", "token "})
            if (t.substr(a.valueBegin, a.valueEnd - a.valueBegin).starts_with(scheme))
                a.valueBegin += scheme.size();
    while (a.valueEnd > a.valueBegin && isHSpace(t[a.valueEnd - 1]))
        --a.valueEnd;
    if (a.valueEnd <= a.valueBegin)
        return std::nullopt;
    return a;
}

} // namespace ffsecrets
