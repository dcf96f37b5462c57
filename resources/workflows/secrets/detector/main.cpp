// fuzzforge-secrets: the command line. Exit 0 whether or not secrets are found, 2 for usage
// errors and an unreadable root, 1 when the engine or the output fails.

#include "engine.h"
#include "sarif.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace {

constexpr const char *kUsage =
    "usage: fuzzforge-secrets [options] PATH\n"
    "\n"
    "Finds credentials in a directory tree or a file, including obfuscated ones (base64, hex,\n"
    "URL encoding, string concatenation, reversed strings, character codes, escapes).\n"
    "\n"
    "  --sarif FILE             write SARIF 2.1.0 to FILE ('-' for stdout) instead of a table\n"
    "  --min-confidence LEVEL   low (default), medium or high\n"
    "  --max-file-size BYTES    skip larger files (default 2097152)\n"
    "  --threads N              scanning threads (default: one per hardware thread)\n"
    "  --version                print the version\n"
    "  --help                   print this help\n";

int usageError(const std::string &message)
{
    std::cerr << "fuzzforge-secrets: " << message << "\n\n" << kUsage;
    return 2;
}

template <typename T> bool parseNumber(std::string_view text, T &out)
{
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

} // namespace

int main(int argc, char **argv)
{
    ffsecrets::ScanOptions options;
    std::string sarifPath, root;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> const char * {
            return i + 1 < argc ? argv[++i] : nullptr;
        };
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        }
        if (arg == "--version") {
            std::cout << "fuzzforge-secrets " << ffsecrets::kVersion << "\n";
            return 0;
        }
        if (arg == "--sarif") {
            const char *v = value();
            if (!v)
                return usageError("--sarif needs a file name");
            sarifPath = v;
        } else if (arg == "--min-confidence") {
            const char *v = value();
            if (!v || !ffsecrets::parseConfidence(v, options.minConfidence))
                return usageError("--min-confidence must be low, medium or high");
        } else if (arg == "--max-file-size") {
            const char *v = value();
            if (!v || !parseNumber(std::string_view(v), options.maxFileSize) || options.maxFileSize == 0 ||
                options.maxFileSize > (1ull << 30))
                return usageError("--max-file-size needs a byte count between 1 and 1073741824");
        } else if (arg == "--threads") {
            const char *v = value();
            if (!v || !parseNumber(std::string_view(v), options.threads) || options.threads > 1024)
                return usageError("--threads needs a number up to 1024 (0: one per hardware thread)");
        } else if (arg.starts_with("-") && arg != "-") {
            return usageError("unknown option " + std::string(arg));
        } else if (root.empty()) {
            root = arg;
        } else {
            return usageError("only one PATH can be scanned");
        }
    }
    if (root.empty())
        return usageError("PATH is missing");

    ffsecrets::ScanReport report;
    try {
        const ffsecrets::Engine engine;
        report = ffsecrets::scanTree(engine, root, options);
    } catch (const std::runtime_error &e) {
        std::cerr << "fuzzforge-secrets: " << e.what() << "\n";
        return std::string_view(e.what()).starts_with("cannot read") ? 2 : 1;
    }

    if (sarifPath.empty()) {
        ffsecrets::writeTable(std::cout, report);
    } else if (sarifPath == "-") {
        ffsecrets::writeSarif(std::cout, report, root);
    } else {
        std::ofstream file(sarifPath, std::ios::binary | std::ios::trunc);
        if (file)
            ffsecrets::writeSarif(file, report, root);
        if (!file || !file.flush()) {
            std::cerr << "fuzzforge-secrets: cannot write " << sarifPath << "\n";
            return 1;
        }
    }
    std::cout.flush();
    std::cerr << ffsecrets::summaryLine(report) << "\n";
    return 0;
}
