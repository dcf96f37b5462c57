#pragma once

// Small, allocation-light checks on candidate values: entropy, placeholders, encodings and
// the checksums some token formats carry.

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace ffsecrets {

// Character classes by table: the decoders test every byte of every file.
namespace cc {
enum : std::uint8_t {
    Digit = 1,
    Lower = 2,
    Upper = 4,
    Hex = 8,
    Base64Extra = 16,
    Underscore = 32,
    Space = 64,
    Quote = 128
};
constexpr std::array<std::uint8_t, 256> table = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = '0'; c <= '9'; ++c)
        t[c] = Digit | Hex;
    for (int c = 'a'; c <= 'z'; ++c)
        t[c] = Lower | (c <= 'f' ? Hex : 0);
    for (int c = 'A'; c <= 'Z'; ++c)
        t[c] = Upper | (c <= 'F' ? Hex : 0);
    t['+'] = t['/'] = t['-'] = Base64Extra;
    t['_'] = Base64Extra | Underscore;
    for (int c : {' ', '\t', '\r', '\n', '\f', '\v'})
        t[c] = Space;
    t['"'] = t['\''] = t['`'] = Quote;
    return t;
}();
inline bool is(char c, std::uint8_t mask)
{
    return (table[static_cast<unsigned char>(c)] & mask) != 0;
}
} // namespace cc

inline bool isAlnum(char c)
{
    return cc::is(c, cc::Digit | cc::Lower | cc::Upper);
}
inline bool isDigit(char c)
{
    return cc::is(c, cc::Digit);
}
inline bool isHexDigit(char c)
{
    return cc::is(c, cc::Hex);
}
inline bool isUpper(char c)
{
    return cc::is(c, cc::Upper);
}
inline bool isLower(char c)
{
    return cc::is(c, cc::Lower);
}
inline bool isAlpha(char c)
{
    return cc::is(c, cc::Lower | cc::Upper);
}
inline bool isIdentChar(char c)
{
    return cc::is(c, cc::Digit | cc::Lower | cc::Upper | cc::Underscore);
}
inline bool isBase64Char(char c)
{
    return cc::is(c, cc::Digit | cc::Lower | cc::Upper | cc::Base64Extra);
}
inline char toLowerAscii(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
inline bool isHSpace(char c)
{
    return c == ' ' || c == '\t';
}
inline bool isSpace(char c)
{
    return cc::is(c, cc::Space);
}

// Eight bytes at a time: the decoders skip most of a file with these.
namespace swar {
constexpr std::uint64_t ones = 0x0101010101010101ull;
constexpr std::uint64_t high = 0x8080808080808080ull;
inline std::uint64_t load(const char *p)
{
    std::uint64_t x;
    std::memcpy(&x, p, sizeof x);
    return x;
}
// Non-zero when a byte b of x has m < b < n (m, n <= 128; bytes >= 128 never match).
constexpr std::uint64_t between(std::uint64_t x, std::uint64_t m, std::uint64_t n)
{
    return ((ones * (127 + n) - (x & ones * 127)) & ~x & ((x & ones * 127) + ones * (127 - m))) & high;
}
constexpr std::uint64_t equal(std::uint64_t x, unsigned char c)
{
    const std::uint64_t v = x ^ (ones * c);
    return (v - ones) & ~v & high;
}
} // namespace swar

// The first digit, or quote character, at or after i; s.size() when there is none.
inline std::size_t findDigit(std::string_view s, std::size_t i)
{
    for (; i + 8 <= s.size(); i += 8)
        if (swar::between(swar::load(s.data() + i), '0' - 1, '9' + 1))
            break;
    while (i < s.size() && !isDigit(s[i]))
        ++i;
    return i;
}
inline std::size_t findQuote(std::string_view s, std::size_t i)
{
    for (; i + 8 <= s.size(); i += 8) {
        const std::uint64_t x = swar::load(s.data() + i);
        if (swar::equal(x, '"') | swar::equal(x, '\'') | swar::equal(x, '`'))
            break;
    }
    while (i < s.size() && !cc::is(s[i], cc::Quote))
        ++i;
    return i;
}

std::string toLower(std::string_view s);
bool containsLower(std::string_view haystackLower, std::string_view needle);

double shannonEntropy(std::string_view s);
int characterClasses(std::string_view s); // how many of lower, upper, digit, other occur
bool allHex(std::string_view s);
bool isUuid(std::string_view s);
bool isHashLength(std::size_t n); // md5, sha1, sha224, sha256, sha384, sha512 in hex
bool isEmptyInputHash(std::string_view hexLower);

enum class ValueVerdict {
    Drop,        // a template, a reference, a mask or a placeholder word: not a secret
    Placeholder, // looks like an example or a test value: report at low confidence
    Weak,        // a real but common password ("admin123"): low confidence
    Ok,
};
ValueVerdict judgeValue(std::string_view value);
// The random body of a structured token: masks and repeated characters drop it.
ValueVerdict judgeTokenBody(std::string_view body);

std::uint32_t crc32(std::string_view data);
std::string base62(std::uint32_t value, std::size_t width);

// Standard or URL-safe alphabet, padding optional; nullopt when the text is not base64.
std::optional<std::string> decodeBase64(std::string_view text);
std::optional<std::string> decodeHex(std::string_view text);
// Printable ASCII, tabs and newlines, and well-formed UTF-8 for at least `ratio` of the bytes.
bool mostlyPrintable(std::string_view text, double ratio = 0.95);

std::uint64_t fingerprint(std::string_view value);

} // namespace ffsecrets
