#pragma once

// Key/value assignments across code and config formats, and the scoring of generic secrets
// found through a key name (password=, "apiKey": ..., <password>...</password>, ...).

#include "checks.h"
#include "rules.h"

#include <optional>
#include <string>
#include <string_view>

namespace ffsecrets {

inline bool isKeyChar(char c)
{
    return isIdentChar(c) || c == '-' || c == '.';
}

struct Assignment
{
    std::size_t keyBegin = 0, keyEnd = 0;
    std::size_t valueBegin = 0, valueEnd = 0;
    bool quoted = false;
};

// Parses "key OP value" around a key-name match ending at w.to: =, :, :=, =>, a call
// "setPassword(...)", an XML element, or SQL's "PASSWORD '...'".
std::optional<Assignment> parseAssignment(const Window &w);

enum class KeyStrength { None, Weak, Strong };
struct KeyInfo
{
    KeyStrength strength = KeyStrength::None;
    bool passwordLike = false; // password, passwd, pwd, passphrase: short human values are normal
};
KeyInfo classifyKey(std::string_view key);

// The nearest secret-looking key name before pos (same line, or up to two lines above when the
// value starts a continuation line); empty when none. Decoded views use it as their context.
std::string keyBefore(std::string_view text, std::size_t pos);

// True when the value is itself an encoded form (base64/hex text, %xx, \x escapes) that a
// decoding layer reports with the decoded value.
bool decodesToText(std::string_view value, bool quoted);

bool confirmGeneric(const Window &w, Candidate &c);

} // namespace ffsecrets
