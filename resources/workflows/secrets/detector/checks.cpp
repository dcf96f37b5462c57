#include "checks.h"

#include <array>
#include <cmath>

namespace ffsecrets {

std::string toLower(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = toLowerAscii(c);
    return out;
}

bool containsLower(std::string_view haystackLower, std::string_view needle)
{
    return haystackLower.find(needle) != std::string_view::npos;
}

double shannonEntropy(std::string_view s)
{
    if (s.empty())
        return 0.0;
    std::array<unsigned, 256> counts{};
    for (unsigned char c : s)
        ++counts[c];
    double h = 0.0;
    const double n = static_cast<double>(s.size());
    for (unsigned count : counts) {
        if (count == 0)
            continue;
        const double p = count / n;
        h -= p * std::log2(p);
    }
    return h;
}

int characterClasses(std::string_view s)
{
    bool lower = false, upper = false, digit = false, other = false;
    for (char c : s) {
        if (isLower(c))
            lower = true;
        else if (isUpper(c))
            upper = true;
        else if (isDigit(c))
            digit = true;
        else
            other = true;
    }
    return int(lower) + int(upper) + int(digit) + int(other);
}

bool allHex(std::string_view s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (!isHexDigit(c))
            return false;
    return true;
}

bool isUuid(std::string_view s)
{
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isHexDigit(s[i]))
            return false;
    }
    return true;
}

bool isHashLength(std::size_t n)
{
    return n == 32 || n == 40 || n == 56 || n == 64 || n == 96 || n == 128;
}

bool isEmptyInputHash(std::string_view hexLower)
{
    static constexpr std::string_view known[] = {
        "d41d8cd98f00b204e9800998ecf8427e",                                 // md5("")
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",                         // sha1("")
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", // sha256("")
    };
    for (auto k : known)
        if (hexLower == k)
            return true;
    return false;
}

namespace {

bool allSame(std::string_view s)
{
    std::size_t distinct = 0;
    std::array<bool, 256> seen{};
    for (unsigned char c : s) {
        if (c == '-' || c == '_' || c == '.')
            continue;
        if (!seen[c]) {
            seen[c] = true;
            ++distinct;
        }
    }
    return distinct <= 2;
}

// "123456", "abcdefgh", "987654": most neighbours differ by one in the same direction.
bool isSequence(std::string_view s)
{
    if (s.size() < 5)
        return false;
    std::size_t up = 0, down = 0;
    for (std::size_t i = 1; i < s.size(); ++i) {
        const int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
        up += d == 1;
        down += d == -1;
    }
    const std::size_t steps = s.size() - 1;
    return up * 10 >= steps * 8 || down * 10 >= steps * 8;
}

std::string alnumLower(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (isAlnum(c))
            out.push_back(toLowerAscii(c));
    return out;
}

bool masked(std::string_view lower)
{
    static constexpr std::string_view marks[] = {"xxxx", "****", "....", "\xe2\x80\xa6",
                                                 "####", "????", "<",    ">"};
    for (auto m : marks)
        if (containsLower(lower, m))
            return true;
    return false;
}

bool isReference(std::string_view v, std::string_view lower)
{
    if (v.starts_with("${") || v.starts_with("$(") || v.starts_with("{{") || v.starts_with("{%") ||
        v.starts_with("<%") || v.starts_with("#{") || v.starts_with("%(") || v.starts_with("%{") ||
        v.starts_with("!vault") || v.starts_with("!secret") || v.starts_with("arn:") ||
        v.starts_with("vault:"))
        return true;
    if (v.size() > 1 && v[0] == '$' && (isIdentChar(v[1]) || v[1] == '{'))
        return true;
    if (v.size() > 2 && v.front() == '%' && v.back() == '%')
        return true;
    if (v.front() == '[' && v.back() == ']')
        return true;
    static constexpr std::string_view refs[] = {
        "${",       "{{",   "}}",           "os.environ",   "getenv", "process.env", "environ.get",
        "env(",     "env[", "getproperty(", "secretkeyref", "vault(", "lookup(",     "import.meta.env",
        "settings."};
    for (auto r : refs)
        if (containsLower(lower, r))
            return true;
    return false;
}

} // namespace

ValueVerdict judgeTokenBody(std::string_view body)
{
    const std::string lower = toLower(body);
    if (allSame(body) || masked(lower) || isSequence(body))
        return ValueVerdict::Drop;
    static constexpr std::string_view hints[] = {"example",     "sample", "dummy", "fake",
                                                 "placeholder", "test",   "demo"};
    for (auto h : hints)
        if (containsLower(lower, h))
            return ValueVerdict::Placeholder;
    return ValueVerdict::Ok;
}

ValueVerdict judgeValue(std::string_view value)
{
    if (value.size() < 4)
        return ValueVerdict::Drop;
    const std::string lower = toLower(value);
    if (isReference(value, lower) || allSame(value) || masked(lower))
        return ValueVerdict::Drop;
    const std::string word = alnumLower(value);
    if (word.size() < 3 || isSequence(word) || isSequence(value))
        return ValueVerdict::Drop;
    static constexpr std::string_view placeholders[] = {
        "changeme",  "changeit",  "changethis", "password",    "passwd",       "secret",     "token",
        "apikey",    "example",   "sample",     "placeholder", "redacted",     "removed",    "hidden",
        "masked",    "none",      "null",       "nil",         "undefined",    "empty",      "todo",
        "tbd",       "fixme",     "replaceme",  "notset",      "unset",        "default",    "value",
        "string",    "required",  "optional",   "true",        "false",        "test",       "testing",
        "dummy",     "fake",      "mock",       "foo",         "bar",          "foobar",     "baz",
        "secretkey", "accesskey", "privatekey", "mypassword",  "yourpassword", "yoursecret", "yourtoken",
        "pass"};
    for (auto p : placeholders)
        if (word == p)
            return ValueVerdict::Drop;
    if (containsLower(lower, "your") || lower.ends_with("here") || lower.starts_with("insert") ||
        lower.starts_with("replace") || lower.starts_with("enter") || lower.starts_with("put_") ||
        containsLower(lower, "anonymous") || containsLower(lower, "change_me") ||
        containsLower(lower, "change-me"))
        return ValueVerdict::Drop;
    static constexpr std::string_view hints[] = {"example",     "sample",   "dummy",    "fake",
                                                 "placeholder", "changeme", "demo",     "mock",
                                                 "test",        "notreal",  "not_real", "not-a-real"};
    for (auto h : hints)
        if (containsLower(lower, h))
            return ValueVerdict::Placeholder;
    static constexpr std::string_view common[] = {
        "password1",      "password12", "password123",   "passw0rd",   "p4ssw0rd", "pssw0rd",     "admin",
        "admin1",         "admin123",   "administrator", "root",       "toor",     "letmein",     "qwerty",
        "qwerty123",      "welcome",    "welcome1",      "welcome123", "iloveyou", "secret1",     "secret123",
        "hunter2",        "guest",      "pass123",       "pass1234",   "mysecret", "supersecret", "s3cr3t",
        "secretpassword", "topsecret",  "abc123",        "postgres",   "mysql",    "user",        "username",
        "login",          "master",     "monkey",        "dragon",     "trustno1", "passpass"};
    for (auto c : common)
        if (word == c)
            return ValueVerdict::Weak;
    return ValueVerdict::Ok;
}

std::uint32_t crc32(std::string_view data)
{
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k)
                c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data)
        crc = table[(crc ^ c) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

std::string base62(std::uint32_t value, std::size_t width)
{
    static constexpr std::string_view digits =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string out;
    do {
        out.insert(out.begin(), digits[value % 62]);
        value /= 62;
    } while (value != 0);
    while (out.size() < width)
        out.insert(out.begin(), '0');
    return out;
}

namespace {

int base64Value(char c)
{
    if (isUpper(c))
        return c - 'A';
    if (isLower(c))
        return c - 'a' + 26;
    if (isDigit(c))
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

} // namespace

std::optional<std::string> decodeBase64(std::string_view text)
{
    while (!text.empty() && text.back() == '=')
        text.remove_suffix(1);
    if (text.size() % 4 == 1)
        return std::nullopt;
    bool standard = false, urlSafe = false;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const int v = base64Value(c);
        if (v < 0)
            return std::nullopt;
        standard |= c == '+' || c == '/';
        urlSafe |= c == '-' || c == '_';
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
        }
    }
    if (standard && urlSafe)
        return std::nullopt;
    return out;
}

std::optional<std::string> decodeHex(std::string_view text)
{
    if (text.size() % 2 != 0)
        return std::nullopt;
    std::string out;
    out.reserve(text.size() / 2);
    auto nibble = [](char c) {
        return isDigit(c) ? c - '0' : (toLowerAscii(c) - 'a' + 10);
    };
    for (std::size_t i = 0; i < text.size(); i += 2) {
        if (!isHexDigit(text[i]) || !isHexDigit(text[i + 1]))
            return std::nullopt;
        out.push_back(static_cast<char>(nibble(text[i]) * 16 + nibble(text[i + 1])));
    }
    return out;
}

bool mostlyPrintable(std::string_view text, double ratio)
{
    if (text.empty())
        return false;
    std::size_t good = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t' || c == '\r') {
            ++good;
            ++i;
            continue;
        }
        // A well-formed multi-byte UTF-8 sequence counts as text.
        std::size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (len == 0 || i + len > text.size()) {
            ++i;
            continue;
        }
        bool ok = true;
        for (std::size_t k = 1; k < len; ++k)
            ok &= (static_cast<unsigned char>(text[i + k]) & 0xC0u) == 0x80u;
        if (ok)
            good += len;
        i += ok ? len : 1;
    }
    return static_cast<double>(good) >= ratio * static_cast<double>(text.size());
}

std::uint64_t fingerprint(std::string_view value)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : value) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace ffsecrets
