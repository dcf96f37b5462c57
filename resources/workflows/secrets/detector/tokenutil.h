#pragma once

// Helpers shared by the confirm steps of the structured rules.

#include "checks.h"
#include "rules.h"

#include <optional>
#include <string_view>

namespace ffsecrets::confirm {

inline bool isTokenChar(char c)
{
    return isAlnum(c) || c == '_' || c == '-';
}

template <typename Pred>
inline std::size_t runEnd(std::string_view t, std::size_t from, Pred pred, std::size_t max = 4096)
{
    std::size_t e = from;
    while (e < t.size() && e - from < max && pred(t[e]))
        ++e;
    return e;
}

// The token starts `length` bytes before the anchor's end and must not continue a longer word.
inline std::optional<std::size_t> startOf(const Window &w, std::size_t length,
                                          bool (*tokenChar)(char) = isTokenChar)
{
    if (w.to < length)
        return std::nullopt;
    const std::size_t start = w.to - length;
    if (start > 0 && tokenChar(w.text[start - 1]))
        return std::nullopt;
    return start;
}

inline bool grade(ValueVerdict v, Candidate &c)
{
    switch (v) {
    case ValueVerdict::Drop:
        return false;
    case ValueVerdict::Placeholder:
        c.placeholder = true;
        c.confidence = Confidence::Low;
        return true;
    case ValueVerdict::Weak:
        c.confidence = Confidence::Low;
        return true;
    case ValueVerdict::Ok:
        return true;
    }
    return false;
}

inline bool nearby(std::string_view t, std::size_t pos, std::size_t radius, std::string_view needleLower)
{
    const std::size_t b = pos > radius ? pos - radius : 0;
    const std::size_t e = std::min(t.size(), pos + radius);
    return containsLower(toLower(t.substr(b, e - b)), needleLower);
}

inline std::string_view lineAround(std::string_view t, std::size_t pos)
{
    const std::size_t b = t.rfind('\n', pos) == std::string_view::npos ? 0 : t.rfind('\n', pos) + 1;
    const std::size_t e = std::min(t.find('\n', pos), t.size());
    return t.substr(b, e - b);
}

inline bool isBase64Std(char c)
{
    return isAlnum(c) || c == '+' || c == '/';
}

} // namespace ffsecrets::confirm
