// Key names: which identifiers name a secret, and the key a decoded form was assigned to.

#include "assign.h"

#include "checks.h"

#include <algorithm>
#include <vector>

namespace ffsecrets {

namespace {

// Splits snake_case, kebab-case, dotted and camelCase names into lower-case words.
std::vector<std::string> splitWords(std::string_view key)
{
    std::vector<std::string> words;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty())
            words.push_back(toLower(cur));
        cur.clear();
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (!isAlnum(c) || isDigit(c)) {
            flush();
            continue;
        }
        if (!cur.empty() && isUpper(c)) {
            const bool prevLower = isLower(cur.back());
            const bool acronymEnd = isUpper(cur.back()) && i + 1 < key.size() && isLower(key[i + 1]);
            if (prevLower || acronymEnd)
                flush();
        }
        cur.push_back(c);
    }
    flush();
    return words;
}

bool oneOf(std::string_view w, std::initializer_list<std::string_view> set)
{
    return std::find(set.begin(), set.end(), w) != set.end();
}

} // namespace

KeyInfo classifyKey(std::string_view key)
{
    KeyInfo info;
    const auto words = splitWords(key);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string &w = words[i];
        const std::string singular = w.size() > 3 && w.back() == 's' ? w.substr(0, w.size() - 1) : w;
        if (oneOf(singular,
                  {"hash",      "hashed",   "digest",   "checksum",    "sha",       "md",        "length",
                   "len",       "size",     "count",    "num",         "type",      "kind",      "field",
                   "label",     "name",     "names",    "id",          "ids",       "url",       "uri",
                   "path",      "file",     "filename", "dir",         "policy",    "prompt",    "regex",
                   "pattern",   "min",      "max",      "reset",       "expires",   "expiry",    "expiration",
                   "expire",    "expired",  "format",   "placeholder", "hint",      "input",     "validation",
                   "validator", "validate", "strength", "header",      "endpoint",  "ttl",       "timeout",
                   "enabled",   "enable",   "required", "ref",         "env",       "var",       "param",
                   "column",    "mode",     "manager",  "provider",    "generator", "lifetime",  "prefix",
                   "suffix",    "rotation", "location", "version",     "algorithm", "alg",       "method",
                   "encoding",  "scope",    "scopes",   "audience",    "issuer",    "template",  "text",
                   "message",   "error",    "title",    "description", "help",      "display",   "show",
                   "visible",   "public",   "pub",      "publishable", "index",     "offset",    "limit",
                   "request",   "response", "callback", "handler",     "cache",     "store",     "count",
                   "source",    "arn",      "mount",    "hashes",      "time",      "timestamp", "date",
                   "duration",  "interval", "age",      "at"}))
            return {};
        if (oneOf(w, {"password", "passwd", "pwd", "pass", "passphrase", "passcode", "pw", "pword"})) {
            info.strength = KeyStrength::Strong;
            info.passwordLike = true;
        } else if (oneOf(w, {"secret", "secrets", "token", "credential", "credentials", "creds", "apikey",
                             "apitoken", "accesstoken", "authtoken", "privatekey", "secretkey", "accesskey",
                             "bearer", "clientsecret"})) {
            info.strength = KeyStrength::Strong;
        } else if (w == "key" || w == "keys") {
            const bool qualified =
                i > 0 && oneOf(words[i - 1],
                               {"api",     "access", "private", "secret",  "signing", "encryption", "master",
                                "session", "app",    "license", "account", "storage", "consumer",   "shared",
                                "hmac",    "jwt",    "auth",    "service", "client",  "encrypt",    "crypto",
                                "cipher",  "aes",    "webhook", "admin"});
            if (qualified)
                info.strength = KeyStrength::Strong;
            else if (info.strength == KeyStrength::None)
                info.strength = KeyStrength::Weak;
        } else if (oneOf(w, {"auth", "authorization"}) && info.strength == KeyStrength::None) {
            info.strength = KeyStrength::Weak;
        }
    }
    return info;
}

std::string keyBefore(std::string_view text, std::size_t pos)
{
    // Walk back over the statement: "API_KEY = decode(b64(" yields API_KEY; an assignment to a
    // name that is not secret-like ends the search, and so does the start of the line.
    const std::size_t limit = pos > 300 ? pos - 300 : 0;
    for (std::size_t p = pos; p > limit;) {
        --p;
        const char c = text[p];
        if (c == '\n' || c == ';' || c == '{' || c == '}')
            break;
        const bool assign =
            c == '=' || c == '>' || (c == ':' && (p + 1 >= text.size() || text[p + 1] != '/'));
        if (!assign && c != '(')
            continue;
        std::size_t e = p;
        while (assign && e > 0 &&
               (text[e - 1] == ':' || text[e - 1] == '=' || isHSpace(text[e - 1]) || text[e - 1] == '"' ||
                text[e - 1] == '\'' || text[e - 1] == ']'))
            --e;
        std::size_t b = e;
        while (b > 0 && isKeyChar(text[b - 1]))
            --b;
        if (b == e)
            continue;
        const std::string_view key = text.substr(b, e - b);
        if (classifyKey(key).strength != KeyStrength::None)
            return std::string(key);
        if (assign)
            break;
    }
    return {};
}

} // namespace ffsecrets
