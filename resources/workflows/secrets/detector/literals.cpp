// The layers that work on string literals: concatenation, reversal and escapes.

#include "checks.h"
#include "decode.h"

#include <algorithm>

namespace ffsecrets {

std::string_view Literal::content() const
{
    return source.substr(begin + 1, end - begin - 2);
}

std::vector<Literal> findLiterals(std::string_view t, std::size_t maxCount)
{
    std::vector<Literal> out;
    std::size_t i = 0;
    while (i < t.size() && out.size() < maxCount) {
        i = findQuote(t, i);
        if (i >= t.size())
            break;
        const char q = t[i];
        // An apostrophe inside a word ("don't") opens no literal, but b'..', r'..' and f'..' do.
        if (q == '\'' && i > 0 && isAlnum(t[i - 1])) {
            const bool prefix = std::string_view("bBrRfFuU").find(t[i - 1]) != std::string_view::npos &&
                                (i < 2 || !isAlnum(t[i - 2]));
            if (!prefix) {
                ++i;
                continue;
            }
        }
        std::size_t e = i + 1;
        while (e < t.size() && t[e] != q && t[e] != '\n')
            e += t[e] == '\\' ? 2 : 1;
        if (e >= t.size() || t[e] != q) {
            ++i;
            continue;
        }
        out.push_back({i, e + 1, q, t});
        i = e + 1;
    }
    return out;
}

bool hasNumericEscapes(std::string_view s, std::size_t minimum)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
        if (s[i] != '\\')
            continue;
        const char c = s[i + 1];
        if (c == 'x' || c == 'u' || c == 'U' || (c >= '0' && c <= '7'))
            ++n;
        ++i;
    }
    return n >= minimum;
}

std::string unescape(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    auto hexValue = [&](std::size_t from, std::size_t maxDigits, std::size_t &used) {
        unsigned v = 0;
        used = 0;
        while (used < maxDigits && from + used < s.size() && isHexDigit(s[from + used])) {
            const char c = s[from + used];
            v = v * 16 + static_cast<unsigned>(isDigit(c) ? c - '0' : toLowerAscii(c) - 'a' + 10);
            ++used;
        }
        return v;
    };
    auto putCodePoint = [&](unsigned cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | ((cp >> 12) & 0x0F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 >= s.size()) {
            out.push_back(s[i]);
            continue;
        }
        const char c = s[++i];
        std::size_t used = 0;
        if (c == 'x') {
            const unsigned v = hexValue(i + 1, 2, used);
            used ? out.push_back(static_cast<char>(v)) : out.push_back('x');
            i += used;
        } else if (c == 'u' && i + 1 < s.size() && s[i + 1] == '{') {
            const unsigned v = hexValue(i + 2, 6, used);
            putCodePoint(v);
            i += used + 1 + (i + 2 + used < s.size() && s[i + 2 + used] == '}' ? 1 : 0);
        } else if (c == 'u') {
            const unsigned v = hexValue(i + 1, 4, used);
            used ? putCodePoint(v) : out.push_back('u');
            i += used;
        } else if (c >= '0' && c <= '7') {
            unsigned v = 0;
            std::size_t k = i;
            while (k < s.size() && k < i + 3 && s[k] >= '0' && s[k] <= '7')
                v = v * 8 + static_cast<unsigned>(s[k++] - '0');
            out.push_back(static_cast<char>(v & 0xFF));
            i = k - 1;
        } else {
            switch (c) {
            case 'n':
                out.push_back('\n');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'r':
                out.push_back('\r');
                break;
            default:
                out.push_back(c);
                break;
            }
        }
    }
    return out;
}

namespace {

bool containsIgnoringCase(std::string_view haystack, std::string_view needleLower)
{
    if (needleLower.size() > haystack.size())
        return false;
    for (std::size_t i = 0; i + needleLower.size() <= haystack.size(); ++i) {
        std::size_t k = 0;
        while (k < needleLower.size() && toLowerAscii(haystack[i + k]) == needleLower[k])
            ++k;
        if (k == needleLower.size())
            return true;
    }
    return false;
}

// More pieces than this is a table of strings, not one secret spelt out.
constexpr std::size_t kMaxPieces = 256;

enum class Gap { Join, List, Break };

// What separates two literals: an operator that joins them ("a" + "b", 'a' 'b', "a" . "b"),
// a list separator (only a join when the group is a .join([...]) or a char array), or code.
Gap classifyGap(std::string_view gap)
{
    if (gap.size() > 160)
        return Gap::Break;
    bool comma = false;
    for (std::size_t k = 0; k < gap.size();) {
        const char c = gap[k];
        if (isAlpha(c)) {
            std::size_t w = k;
            while (w < gap.size() && isIdentChar(gap[w]))
                ++w;
            const std::string_view word = gap.substr(k, w - k);
            bool known = false;
            for (std::string_view joiner : {"join", "concat", "append", "string", "strings"})
                known |= word.size() == joiner.size() && containsIgnoringCase(word, joiner);
            if (!known)
                return Gap::Break;
            k = w;
            continue;
        }
        if (c == ',')
            comma = true;
        else if (!isSpace(c) && std::string_view("+.&|\\()[]{}").find(c) == std::string_view::npos)
            return Gap::Break;
        ++k;
    }
    if (comma)
        return Gap::List;
    return Gap::Join;
}

// A reversal marker on the literal's statement: its line, or a chained call on the next line.
bool nearReversal(std::string_view t, std::size_t begin, std::size_t end)
{
    const std::size_t nl = begin > 0 ? t.rfind('\n', begin - 1) : std::string_view::npos;
    const std::size_t b = std::max(nl == std::string_view::npos ? 0 : nl + 1, begin > 120 ? begin - 120 : 0);
    std::size_t e = std::min(t.find('\n', end), t.size());
    std::size_t next = e + 1;
    while (next < t.size() && isHSpace(t[next]))
        ++next;
    if (next < t.size() && t[next] == '.')
        e = std::min(t.find('\n', next), t.size());
    e = std::min(e, end + 160);
    const std::string_view around = t.substr(b, e - b);
    for (std::string_view marker : {"everse", "EVERSE", "[::-1]", "strrev", "| rev"})
        if (around.find(marker) != std::string_view::npos)
            return true;
    return false;
}

} // namespace

void findConcatenations(std::string_view t, const std::vector<Literal> &lits, std::vector<View> &out)
{
    std::size_t i = 0;
    while (i < lits.size()) {
        std::size_t j = i;
        bool list = false;
        while (j + 1 < lits.size()) {
            const Gap g = classifyGap(t.substr(lits[j].end, lits[j + 1].begin - lits[j].end));
            if (g == Gap::Break)
                break;
            list |= g == Gap::List;
            ++j;
        }
        // A comma-separated list is only one string when something joins it: a join or concat
        // call around it ("".join([...]), [...].join(""), String.join(...)), or when it is a
        // char array.
        bool joinable = j > i && j - i < kMaxPieces;
        if (joinable && list) {
            const std::size_t ctx = lits[i].begin > 60 ? lits[i].begin - 60 : 0;
            const std::string_view around = t.substr(ctx, lits[j].end + 24 - ctx);
            bool charArray = true;
            for (std::size_t k = i; k <= j && charArray; ++k) {
                const auto content = lits[k].content();
                charArray = content.size() <= 1 || (content[0] == '\\' && content.size() <= 6);
            }
            bool joinCall = false;
            for (std::string_view joiner : {"join", "Join", "concat", "Concat"})
                joinCall |= around.find(joiner) != std::string_view::npos;
            joinable = charArray || joinCall;
        }
        if (joinable) {
            std::size_t nonEmpty = 0;
            std::string joined;
            for (std::size_t k = i; k <= j; ++k) {
                const auto content = lits[k].content();
                nonEmpty += !content.empty();
                joined +=
                    content.find('\\') == std::string_view::npos ? std::string(content) : unescape(content);
            }
            if (nonEmpty >= 2 && joined.size() >= 6) {
                const std::size_t origin = formStart(t, lits[i].begin);
                out.push_back({Layer::Concat, origin, lits[j].end, joined, false});
                if (nearReversal(t, lits[i].begin, lits[j].end)) {
                    std::reverse(joined.begin(), joined.end());
                    out.push_back({Layer::Reversed, origin, lits[j].end, std::move(joined), false});
                }
            }
        }
        i = j + 1;
    }
}

void findReversed(std::string_view t, const std::vector<Literal> &lits, std::vector<View> &out)
{
    // Most files hold no reversal marker at all: then none is looked for around each literal.
    bool markers = false;
    for (std::string_view marker : {"everse", "EVERSE", "[::-1]", "strrev", "| rev"})
        markers |= t.find(marker) != std::string_view::npos;
    for (const auto &lit : lits) {
        const auto content = lit.content();
        if (content.size() < 8 || content.find(' ') != std::string_view::npos)
            continue;
        // Unmarked literals are reversed too, but only token formats are looked for in them, and
        // those mix upper case with lower case or digits: identifiers and words are left alone.
        bool upper = false, lowerOrDigit = false;
        for (char c : content) {
            upper |= isUpper(c);
            lowerOrDigit |= isLower(c) || isDigit(c);
        }
        const bool marked = markers && nearReversal(t, lit.begin, lit.end);
        if (!marked && (content.size() < 16 || !upper || !lowerOrDigit))
            continue;
        std::string reversed =
            content.find('\\') == std::string_view::npos ? std::string(content) : unescape(content);
        std::reverse(reversed.begin(), reversed.end());
        out.push_back({Layer::Reversed, lit.begin, lit.end, std::move(reversed), !marked});
    }
}

void findEscapes(std::string_view, const std::vector<Literal> &lits, std::vector<View> &out)
{
    for (const auto &lit : lits) {
        const auto content = lit.content();
        if (!hasNumericEscapes(content, 3))
            continue;
        std::string decoded = unescape(content);
        if (decoded.size() >= 6 && mostlyPrintable(decoded, 0.95))
            out.push_back({Layer::Escapes, lit.begin, lit.end, std::move(decoded), false});
    }
}

} // namespace ffsecrets
