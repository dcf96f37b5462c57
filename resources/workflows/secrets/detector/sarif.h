#pragma once

#include "engine.h"

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>

namespace ffsecrets {

std::string jsonEscape(std::string_view text);
// A relative path as a URI reference: '/' kept, everything outside RFC 3986's unreserved set
// percent-encoded.
std::string encodeUriPath(std::string_view relPath);
// "GitHub token (ghp_…, 40 chars) found by the base64 layer": never the value itself.
std::string findingMessage(const Finding &f);

// SARIF 2.1.0, one run; root is what was scanned (SRCROOT is root, or its folder for a file).
void writeSarif(std::ostream &out, const ScanReport &report, const std::filesystem::path &root);
// path:line  rule  confidence  layer  redacted value, one finding per line.
void writeTable(std::ostream &out, const ScanReport &report);
std::string summaryLine(const ScanReport &report);

} // namespace ffsecrets
