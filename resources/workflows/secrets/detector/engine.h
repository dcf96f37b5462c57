#pragma once

// Public interface of the fuzzforge-secrets engine: plain C++20 and Hyperscan, no Qt, so the
// detector builds inside a minimal container image as well as in the main project.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ffsecrets {

inline constexpr std::string_view kVersion = "1.0.0";

enum class Severity { Info, Low, Medium, High, Critical };
enum class Confidence { Low, Medium, High };
// The decoding layer that revealed a finding; Plain means the secret is written as is.
enum class Layer { Plain, Base64, Hex, Url, Concat, Reversed, CharCodes, Escapes };

std::string_view toString(Severity s);
std::string_view toString(Confidence c);
std::string_view toString(Layer l);
bool parseConfidence(std::string_view text, Confidence &out);

struct Finding
{
    std::size_t rule = 0;   // index into rules()
    std::string path;       // relative to the scanned root, '/' separators
    std::size_t line = 1;   // 1-based
    std::size_t column = 1; // 1-based, in Unicode code points
    Confidence confidence = Confidence::High;
    Severity severity = Severity::High;
    Layer layer = Layer::Plain; // the decoding that revealed the value (the innermost one)
    std::vector<Layer> chain;   // every decoding applied, outermost first; empty when plain
    std::string shownPrefix;    // the part of the value that may be shown (a public prefix)
    std::size_t valueLength = 0;
    std::string snippet;           // the source line with every secret on it redacted
    std::uint64_t fingerprint = 0; // rule, path and redacted snippet hashed: stable across runs
};

// "ghp_…(40 chars)": what reports show instead of the value.
std::string redacted(const Finding &f);

struct ScanStats
{
    std::uint64_t filesScanned = 0;
    std::uint64_t bytesScanned = 0;
    std::uint64_t skippedBinary = 0;
    std::uint64_t skippedVendored = 0; // vendored or generated directories left out
    std::uint64_t skippedLarge = 0;
    std::uint64_t skippedUnreadable = 0;
};

struct ScanOptions
{
    std::uint64_t maxFileSize = 2u * 1024u * 1024u;
    unsigned threads = 0; // 0: one per hardware thread
    Confidence minConfidence = Confidence::Low;
};

struct ScanReport
{
    std::vector<Finding> findings; // sorted by path, line, column
    ScanStats stats;
};

class Database;

// The compiled Hyperscan database of every rule's anchor; immutable, shared by all threads.
class Engine
{
public:
    Engine(); // throws std::runtime_error when Hyperscan refuses the patterns
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    const Database &database() const { return *m_db; }

private:
    std::unique_ptr<Database> m_db;
};

// Scans buffers with its own Hyperscan scratch space: one per thread.
class Scanner
{
public:
    explicit Scanner(const Engine &engine);
    ~Scanner();
    Scanner(const Scanner &) = delete;
    Scanner &operator=(const Scanner &) = delete;

    // Every finding in one file's content; relPath picks the file type and the fixture heuristics.
    std::vector<Finding> scan(std::string_view content, std::string_view relPath);

private:
    const Engine &m_engine;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// True when the first bytes look like a binary file (a NUL, or too many control bytes).
bool looksBinary(std::string_view head);
// True for directory names that hold vendored or generated code (node_modules, .git, ...).
bool isVendoredDirectory(std::string_view name);

// Walks root (a directory or one file) and scans every text file on a small thread pool.
// Throws std::runtime_error when root cannot be read.
ScanReport scanTree(const Engine &engine, const std::filesystem::path &root, const ScanOptions &options);

} // namespace ffsecrets
