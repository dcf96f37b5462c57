#include "decode.h"

#include "checks.h"

#include <algorithm>

namespace ffsecrets {

namespace {

constexpr std::size_t kMinBlob = 16; // encoded characters before a blob is worth decoding

bool isWordChar(char c)
{
    return isIdentChar(c);
}

} // namespace

namespace {

// The first six bytes of a base64 run, decoded without allocating: printable ASCII or not.
bool base64HeadPrintable(std::string_view run)
{
    auto value = [](char c) {
        return isUpper(c)               ? c - 'A'
               : isLower(c)             ? c - 'a' + 26
               : isDigit(c)             ? c - '0' + 52
               : (c == '+' || c == '-') ? 62
                                        : 63;
    };
    for (std::size_t i = 0; i + 4 <= 8; i += 4) {
        const unsigned v = static_cast<unsigned>(value(run[i]) << 18 | value(run[i + 1]) << 12 |
                                                 value(run[i + 2]) << 6 | value(run[i + 3]));
        for (unsigned byte : {v >> 16, (v >> 8) & 0xFFu, v & 0xFFu})
            if ((byte < 0x20 && byte != '\n' && byte != '\r' && byte != '\t') || byte >= 0x7F)
                return false;
    }
    return true;
}

// Words of [b, e) (split at '+', '/', '-') that are all hex digits, or 0x and hex digits.
void findHexWords(std::string_view t, std::size_t b, std::size_t e, std::vector<View> &out)
{
    std::size_t word = b;
    while (word < e) {
        std::size_t end = word;
        while (end < e && isWordChar(t[end]))
            ++end;
        std::size_t hb = word;
        if (end - hb > 2 && t[hb] == '0' && (t[hb + 1] == 'x' || t[hb + 1] == 'X'))
            hb += 2;
        const bool bounded =
            (word == 0 || !isWordChar(t[word - 1])) && (end >= t.size() || !isWordChar(t[end]));
        if (bounded && end - hb >= kMinBlob && (end - hb) % 2 == 0 &&
            std::all_of(t.begin() + static_cast<std::ptrdiff_t>(hb),
                        t.begin() + static_cast<std::ptrdiff_t>(end), isHexDigit))
            if (auto d = decodeHex(t.substr(hb, end - hb)); d && mostlyPrintable(*d, 0.97))
                out.push_back({Layer::Hex, word, end, std::move(*d), false});
        word = end + 1;
    }
}

} // namespace

// Base64 runs, and the hex words inside them.
void findBlobs(std::string_view t, std::vector<View> &out)
{
    const std::size_t n = t.size();
    std::size_t i = 0;
    while (true) {
        // Only runs of kMinBlob characters matter, and each covers one of the positions probed
        // kMinBlob apart: most of a file is never looked at twice, much of it not at all.
        bool found = false;
        while (!found && i + kMinBlob <= n) {
            const std::size_t probe = i + kMinBlob - 1;
            if (!isBase64Char(t[probe])) {
                i = probe + 1;
                continue;
            }
            std::size_t start = probe, end = probe + 1;
            while (start > i && isBase64Char(t[start - 1]))
                --start;
            while (end < n && isBase64Char(t[end]))
                ++end;
            if (end - start < kMinBlob) {
                i = end;
                continue;
            }
            i = start;
            found = true;
        }
        if (!found)
            break;
        const std::size_t b = i;
        std::uint8_t seen = 0;
        while (i < n) {
            const std::uint8_t k = cc::table[static_cast<unsigned char>(t[i])];
            if (!(k & (cc::Digit | cc::Lower | cc::Upper | cc::Base64Extra)))
                break;
            seen |= k;
            ++i;
        }
        // Hex of text always has digits (its bytes are 0x20-0x7e); look for hex words only then.
        if (seen & cc::Digit)
            findHexWords(t, b, i, out);
        const bool upper = seen & cc::Upper, lower = seen & cc::Lower;
        std::size_t pe = i;
        while (pe < n && pe - i < 2 && t[pe] == '=')
            ++pe;
        // A run that continues a word (a hex digest, an identifier) is not a blob of its own.
        const bool bounded = (b == 0 || !isWordChar(t[b - 1])) && (pe >= n || !isWordChar(t[pe]));
        if (!bounded || i - b < kMinBlob || i - b > 65536 || !upper || !lower)
            continue;
        // Most candidates are identifiers: their first bytes already decode to control bytes.
        const std::string_view run = t.substr(b, i - b);
        if (!base64HeadPrintable(run))
            continue;
        if (auto d = decodeBase64(run); d && d->size() >= 8 && mostlyPrintable(*d, 0.95))
            out.push_back({Layer::Base64, b, pe, std::move(*d), false});
    }
}

void findUrlEncoded(std::string_view t, std::vector<View> &out)
{
    std::size_t from = 0;
    while (true) {
        const std::size_t pct = t.find('%', from);
        if (pct == std::string_view::npos)
            return;
        std::size_t b = pct, e = pct;
        auto inToken = [](char c) {
            return !isSpace(c) && c != '"' && c != '\'' && c != '`' && c != '<' && c != '>';
        };
        while (b > 0 && inToken(t[b - 1]))
            --b;
        while (e < t.size() && inToken(t[e]))
            ++e;
        std::string decoded;
        std::size_t escapes = 0;
        for (std::size_t k = b; k < e; ++k) {
            if (t[k] == '%' && k + 2 < e && isHexDigit(t[k + 1]) && isHexDigit(t[k + 2])) {
                decoded += *decodeHex(t.substr(k + 1, 2));
                k += 2;
                ++escapes;
            } else {
                decoded.push_back(t[k]);
            }
        }
        if (escapes >= 2 && mostlyPrintable(decoded, 0.95))
            out.push_back({Layer::Url, b, e, std::move(decoded), false});
        from = e > pct ? e : pct + 1;
    }
}

std::size_t formStart(std::string_view t, std::size_t pos)
{
    std::size_t p = pos;
    while (p > 0 && isSpace(t[p - 1]))
        --p;
    if (p > 0 && (t[p - 1] == '[' || t[p - 1] == '(' || t[p - 1] == '{'))
        return p - 1;
    return pos;
}

namespace {

bool gapIdentifierAllowed(std::string_view word)
{
    static constexpr std::string_view allowed[] = {"chr",        "chrw",  "char", "fromcharcode", "string",
                                                   "byte",       "bytes", "rune", "str",          "new",
                                                   "uint8array", "array", "of"};
    const std::string lower = toLower(word);
    return std::find(std::begin(allowed), std::end(allowed), lower) != std::end(allowed);
}

} // namespace

void findCharCodes(std::string_view t, std::vector<View> &out)
{
    std::size_t i = 0;
    std::vector<std::size_t> starts;
    std::string decoded;
    auto flush = [&](std::size_t end) {
        if (decoded.size() >= 8 && mostlyPrintable(decoded, 1.0)) {
            const std::size_t origin = formStart(t, starts.front());
            out.push_back({Layer::CharCodes, origin, end, decoded, false});
        }
        decoded.clear();
        starts.clear();
    };
    std::size_t lastEnd = 0;
    while (i < t.size()) {
        i = findDigit(t, i);
        if (i >= t.size())
            break;
        if (i > 0 && (isWordChar(t[i - 1]) || t[i - 1] == '.')) {
            while (i < t.size() && isWordChar(t[i]))
                ++i;
            continue;
        }
        std::size_t e = i;
        unsigned value = 0;
        bool ok = true;
        if (t[i] == '0' && i + 1 < t.size() && (t[i + 1] == 'x' || t[i + 1] == 'X')) {
            e = i + 2;
            while (e < t.size() && isHexDigit(t[e]) && e - i < 6) {
                value = value * 16 +
                        static_cast<unsigned>(isDigit(t[e]) ? t[e] - '0' : toLowerAscii(t[e]) - 'a' + 10);
                ++e;
            }
        } else {
            while (e < t.size() && isDigit(t[e]) && e - i < 5) {
                value = value * 10 + static_cast<unsigned>(t[e] - '0');
                ++e;
            }
        }
        ok = e < t.size() ? !isWordChar(t[e]) && t[e] != '.' : true;
        ok = ok && value >= 32 && value < 127;
        if (!starts.empty()) {
            // The gap since the previous number may hold separators and a few known words only.
            bool gapOk = i - lastEnd <= 40;
            for (std::size_t k = lastEnd; gapOk && k < i;) {
                const char c = t[k];
                if (isAlpha(c)) {
                    std::size_t w = k;
                    while (w < i && (isWordChar(t[w])))
                        ++w;
                    gapOk = gapIdentifierAllowed(t.substr(k, w - k));
                    k = w;
                } else {
                    gapOk = isSpace(c) || std::string_view(",+()[]{}&|.").find(c) != std::string_view::npos;
                    ++k;
                }
            }
            if (!gapOk)
                flush(lastEnd);
        }
        if (ok) {
            starts.push_back(i);
            decoded.push_back(static_cast<char>(value));
            lastEnd = e;
        } else if (!starts.empty()) {
            flush(lastEnd);
        }
        i = e > i ? e : i + 1;
    }
    if (!starts.empty())
        flush(lastEnd);
}

std::vector<View> findViews(std::string_view text)
{
    std::vector<View> views;
    findBlobs(text, views);
    findUrlEncoded(text, views);
    findCharCodes(text, views);
    const auto literals = findLiterals(text);
    findConcatenations(text, literals, views);
    findReversed(text, literals, views);
    findEscapes(text, literals, views);
    return views;
}

} // namespace ffsecrets
