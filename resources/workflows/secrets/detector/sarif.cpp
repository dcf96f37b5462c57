#include "sarif.h"

#include "rules.h"

#include <algorithm>
#include <cstdio>

namespace ffsecrets {

namespace {

std::string_view levelOf(Severity s)
{
    switch (s) {
    case Severity::Critical:
    case Severity::High:
        return "error";
    case Severity::Medium:
        return "warning";
    case Severity::Low:
    case Severity::Info:
        return "note";
    }
    return "note";
}

std::string_view securitySeverity(Severity s)
{
    switch (s) {
    case Severity::Critical:
        return "9.5";
    case Severity::High:
        return "8.0";
    case Severity::Medium:
        return "5.5";
    case Severity::Low:
        return "3.0";
    case Severity::Info:
        return "1.0";
    }
    return "1.0";
}

std::string jsonString(std::string_view s)
{
    return "\"" + jsonEscape(s) + "\"";
}

std::string rootUri(const std::filesystem::path &root)
{
    std::error_code ec;
    std::filesystem::path abs = std::filesystem::absolute(root, ec).lexically_normal();
    if (!std::filesystem::is_directory(abs, ec))
        abs = abs.parent_path();
    std::string path = abs.generic_string();
    if (path.empty() || path.back() != '/')
        path.push_back('/');
    return "file://" + encodeUriPath(path);
}

} // namespace

std::string jsonEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 8);
    for (unsigned char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    return out;
}

std::string encodeUriPath(std::string_view relPath)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : relPath) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

std::string findingMessage(const Finding &f)
{
    const Rule &rule = rules()[f.rule];
    std::string text = std::string(rule.name) + " (" + f.shownPrefix + "\xe2\x80\xa6, " +
                       std::to_string(f.valueLength) + " chars) ";
    if (f.chain.empty()) {
        text += "in plain text";
    } else {
        text += "found by the ";
        for (std::size_t i = 0; i < f.chain.size(); ++i)
            text += (i ? " + " : "") + std::string(toString(f.chain[i]));
        text += f.chain.size() > 1 ? " layers" : " layer";
    }
    return text + "; " + std::string(toString(f.confidence)) + " confidence";
}

void writeSarif(std::ostream &out, const ScanReport &report, const std::filesystem::path &root)
{
    const auto rs = rules();
    out << "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
        << "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
        << "          \"name\": \"fuzzforge-secrets\",\n          \"version\": " << jsonString(kVersion)
        << ",\n          \"semanticVersion\": " << jsonString(kVersion) << ",\n          \"rules\": [";
    for (std::size_t i = 0; i < rs.size(); ++i) {
        const Rule &r = rs[i];
        out << (i ? "," : "") << "\n            {\"id\": " << jsonString(r.id)
            << ", \"shortDescription\": {\"text\": "
            << jsonString(std::string(r.name) + " in source or configuration")
            << "}, \"fullDescription\": {\"text\": " << jsonString(r.description)
            << "}, \"help\": {\"text\": " << jsonString(r.help)
            << "}, \"defaultConfiguration\": {\"level\": " << jsonString(levelOf(r.severity))
            << "}, \"properties\": {\"tags\": [\"security\", \"secret\", \"external/cwe/cwe-798\"], "
            << "\"security-severity\": " << jsonString(securitySeverity(r.severity))
            << ", \"precision\": " << jsonString(r.generic ? "medium" : "high") << "}}";
    }
    out << "\n          ]\n        }\n      },\n"
        << "      \"originalUriBaseIds\": {\"SRCROOT\": {\"uri\": " << jsonString(rootUri(root)) << "}},\n"
        << "      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
        const Finding &f = report.findings[i];
        char fp[24];
        std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(f.fingerprint));
        out << (i ? "," : "") << "\n        {\"ruleId\": " << jsonString(rs[f.rule].id)
            << ", \"ruleIndex\": " << f.rule << ", \"level\": " << jsonString(levelOf(f.severity))
            << ", \"message\": {\"text\": " << jsonString(findingMessage(f))
            << "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {"
            << "\"uri\": " << jsonString(encodeUriPath(f.path))
            << ", \"uriBaseId\": \"SRCROOT\"}, \"region\": {"
            << "\"startLine\": " << f.line << ", \"startColumn\": " << f.column
            << ", \"snippet\": {\"text\": " << jsonString(f.snippet)
            << "}}}}], \"partialFingerprints\": {\"fuzzforgeSecret/v1\": " << jsonString(fp)
            << "}, \"properties\": {\"confidence\": " << jsonString(toString(f.confidence))
            << ", \"layer\": " << jsonString(toString(f.layer)) << ", \"layers\": [";
        for (std::size_t k = 0; k < f.chain.size(); ++k)
            out << (k ? ", " : "") << jsonString(toString(f.chain[k]));
        out << "], \"severity\": " << jsonString(toString(f.severity)) << ", \"cwe\": \"CWE-798\"}}";
    }
    const ScanStats &s = report.stats;
    out << "\n      ],\n      \"invocations\": [{\"executionSuccessful\": true}],\n"
        << "      \"properties\": {\"filesScanned\": " << s.filesScanned
        << ", \"bytesScanned\": " << s.bytesScanned << ", \"skippedBinary\": " << s.skippedBinary
        << ", \"skippedVendored\": " << s.skippedVendored << ", \"skippedLarge\": " << s.skippedLarge
        << ", \"skippedUnreadable\": " << s.skippedUnreadable << "}\n    }\n  ]\n}\n";
}

void writeTable(std::ostream &out, const ScanReport &report)
{
    std::vector<std::string> where;
    std::size_t widths[3] = {8, 4, 10};
    for (const Finding &f : report.findings) {
        where.push_back(f.path + ":" + std::to_string(f.line));
        widths[0] = std::max(widths[0], where.back().size());
        widths[1] = std::max(widths[1], rules()[f.rule].id.size());
    }
    auto pad = [](std::string_view s, std::size_t w) {
        return std::string(s) + std::string(w > s.size() ? w - s.size() : 0, ' ');
    };
    out << pad("LOCATION", widths[0]) << "  " << pad("RULE", widths[1]) << "  "
        << pad("CONFIDENCE", widths[2]) << "  " << pad("LAYER", 9) << "  VALUE\n";
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
        const Finding &f = report.findings[i];
        out << pad(where[i], widths[0]) << "  " << pad(rules()[f.rule].id, widths[1]) << "  "
            << pad(toString(f.confidence), widths[2]) << "  " << pad(toString(f.layer), 9) << "  "
            << redacted(f) << "\n";
    }
}

std::string summaryLine(const ScanReport &report)
{
    std::size_t byConfidence[3] = {0, 0, 0};
    for (const Finding &f : report.findings)
        ++byConfidence[static_cast<int>(f.confidence)];
    const ScanStats &s = report.stats;
    return "fuzzforge-secrets: " + std::to_string(report.findings.size()) + " finding(s) (" +
           std::to_string(byConfidence[2]) + " high, " + std::to_string(byConfidence[1]) + " medium, " +
           std::to_string(byConfidence[0]) + " low confidence) in " + std::to_string(s.filesScanned) +
           " file(s), " + std::to_string(s.bytesScanned) + " bytes; skipped " +
           std::to_string(s.skippedBinary) + " binary, " + std::to_string(s.skippedVendored) +
           " vendored dir(s), " + std::to_string(s.skippedLarge) + " large, " +
           std::to_string(s.skippedUnreadable) + " unreadable";
}

} // namespace ffsecrets
