#pragma once

// Decoding layers: each finds encoded or assembled strings in a text and yields the decoded
// text as a view that is scanned like the file itself.

#include "engine.h"

#include <string>
#include <string_view>
#include <vector>

namespace ffsecrets {

struct View
{
    Layer layer = Layer::Plain;
    std::size_t originBegin = 0; // the encoded form within the text it was found in
    std::size_t originEnd = 0;
    std::string decoded;
    bool specificOnly = false; // only structured rules: a guess (an unmarked reversed literal)
};

struct Literal
{
    std::size_t begin = 0, end = 0; // including the quotes
    char quote = '"';
    std::string_view content() const;
    std::string_view source;
};

// String literals closed on the line they open on.
std::vector<Literal> findLiterals(std::string_view text, std::size_t maxCount = 200000);
// C, Python, JavaScript, Java and Go escapes: \x41, \u0041, \u{41}, \101, \n ...
std::string unescape(std::string_view s);
// True when s holds at least `minimum` numeric escapes (\x, \u, octal).
bool hasNumericEscapes(std::string_view s, std::size_t minimum);

void findBlobs(std::string_view text, std::vector<View> &out); // base64 and hex
void findUrlEncoded(std::string_view text, std::vector<View> &out);
void findCharCodes(std::string_view text, std::vector<View> &out);
void findConcatenations(std::string_view text, const std::vector<Literal> &literals, std::vector<View> &out);
void findReversed(std::string_view text, const std::vector<Literal> &literals, std::vector<View> &out);
void findEscapes(std::string_view text, const std::vector<Literal> &literals, std::vector<View> &out);

// Moves an origin back to the bracket or parenthesis that opens an encoded form, so a form laid
// out over several lines is reported where its statement starts.
std::size_t formStart(std::string_view text, std::size_t pos);

// Every layer over text. Views are not decoded further here: the caller recurses.
std::vector<View> findViews(std::string_view text);

} // namespace ffsecrets
