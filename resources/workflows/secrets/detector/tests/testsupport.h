#pragma once

// Shared helpers of the engine test: checks that report and continue, deterministic fixture
// generators (token-shaped values exist only at run time, so the sources hold none: the detector
// scans this repository too), and scan-and-expect shorthands.

#include "checks.h"
#include "engine.h"
#include "rules.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace ffsecrets::test {

inline int g_failures = 0;
inline int g_checks = 0;
inline std::string g_case;

inline void check(bool ok, const char *expr, int line, const std::string &detail = {})
{
    ++g_checks;
    if (ok)
        return;
    ++g_failures;
    std::cerr << "FAIL [" << g_case << "] line " << line << ": " << expr << (detail.empty() ? "" : " -- ")
              << detail << "\n";
}
#define CHECK(cond) check((cond), #cond, __LINE__)
#define CHECK_MSG(cond, msg) check((cond), #cond, __LINE__, (msg))

// Deterministic pseudo-random strings: the same fixtures on every run.
struct Gen
{
    std::uint64_t state;
    std::string from(std::string_view alphabet, std::size_t n)
    {
        std::string s;
        for (std::size_t i = 0; i < n; ++i) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            s.push_back(alphabet[(state >> 33) % alphabet.size()]);
        }
        return s;
    }
    std::string alnum(std::size_t n)
    {
        return from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
    }
    std::string hex(std::size_t n) { return from("0123456789abcdef", n); }
    std::string upper(std::size_t n) { return from("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n); }
    std::string b64(std::size_t n)
    {
        return from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", n);
    }
    std::string digits(std::size_t n) { return from("0123456789", n); }
};

inline Gen g{0x5eed};

inline std::string github(std::string_view prefix = "ghp_")
{
    const std::string body = g.alnum(30);
    return std::string(prefix) + body + base62(crc32(body), 6);
}

inline std::string b64(std::string_view s, bool url = false)
{
    static constexpr char std64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static constexpr char url64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *a = url ? url64 : std64;
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8 | (unsigned char)s[i + 2];
        out += {a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63], a[v & 63]};
    }
    if (i + 1 == s.size()) {
        const unsigned v = (unsigned char)s[i] << 16;
        out += {a[v >> 18], a[(v >> 12) & 63]};
        if (!url)
            out += "==";
    } else if (i + 2 == s.size()) {
        const unsigned v = (unsigned char)s[i] << 16 | (unsigned char)s[i + 1] << 8;
        out += {a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63]};
        if (!url)
            out += "=";
    }
    return out;
}

inline std::string hexOf(std::string_view s)
{
    std::string out;
    char buf[4];
    for (unsigned char c : s) {
        std::snprintf(buf, sizeof buf, "%02x", c);
        out += buf;
    }
    return out;
}

inline std::string joinCodes(std::string_view s, std::string_view sep, std::string_view before = "",
                             std::string_view after = "")
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        out += (i ? std::string(sep) : "") + std::string(before) + std::to_string((unsigned char)s[i]) +
               std::string(after);
    return out;
}

inline const Engine &engine()
{
    static const Engine e;
    return e;
}

inline std::vector<Finding> scan(std::string_view text, std::string_view path)
{
    Scanner scanner(engine());
    return scanner.scan(text, path);
}

inline std::string describe(const std::vector<Finding> &fs)
{
    std::string s = "found:";
    for (const auto &f : fs)
        s += " " + std::string(rules()[f.rule].id) + "@" + std::to_string(f.line) + "/" +
             std::string(toString(f.layer)) + "/" + std::string(toString(f.confidence));
    return fs.empty() ? "found nothing" : s;
}

inline const Finding *find(const std::vector<Finding> &fs, std::string_view rule)
{
    for (const auto &f : fs)
        if (rules()[f.rule].id == rule)
            return &f;
    return nullptr;
}

inline void expectRule(std::string_view name, std::string_view text, std::string_view path,
                       std::string_view rule, Layer layer = Layer::Plain, std::size_t line = 0)
{
    g_case = std::string(name);
    const auto fs = scan(text, path);
    const Finding *f = find(fs, rule);
    CHECK_MSG(f != nullptr, "expected " + std::string(rule) + "; " + describe(fs));
    if (!f)
        return;
    CHECK_MSG(f->layer == layer,
              "layer " + std::string(toString(f->layer)) + ", expected " + std::string(toString(layer)));
    if (line)
        CHECK_MSG(f->line == line, "line " + std::to_string(f->line) + ", expected " + std::to_string(line));
    CHECK_MSG(f->severity != Severity::Info, "graded as a placeholder");
}

inline void expectNothing(std::string_view name, std::string_view text, std::string_view path)
{
    g_case = std::string(name);
    const auto fs = scan(text, path);
    CHECK_MSG(fs.empty(), describe(fs));
}

inline std::string pem(std::string_view kind, std::size_t lines = 6)
{
    std::string s = "-----BEGIN " + std::string(kind) + "-----\n";
    if (kind.find("PGP") != std::string_view::npos)
        s += "Version: Test\n\n";
    for (std::size_t i = 0; i < lines; ++i)
        s += g.b64(64) + "\n";
    const std::string end = kind.ends_with("BLOCK") ? std::string(kind) : std::string(kind);
    return s + "-----END " + end + "-----\n";
}

void testRules();
void testGenericFormats();
void testQuiet();
void testLayers();
void testRedaction();
void testWalk();

} // namespace ffsecrets::test
