// The directory walk and the thread pool: one Scanner (one Hyperscan scratch) per thread.

#include "engine.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fcntl.h>
#include <mutex>
#include <stdexcept>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ffsecrets {

bool looksBinary(std::string_view head)
{
    head = head.substr(0, 8192);
    if (head.find('\0') != std::string_view::npos)
        return true;
    std::size_t control = 0;
    for (unsigned char c : head)
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) ||
            c == 0x7f)
            ++control;
    return control * 10 > head.size();
}

bool isVendoredDirectory(std::string_view name)
{
    static constexpr std::string_view names[] = {
        ".git",        ".hg",        ".svn",        "node_modules",  "vendor",           "third_party",
        "third-party", "thirdparty", ".venv",       "venv",          "__pycache__",      "dist",
        "build",       ".tox",       ".mypy_cache", ".pytest_cache", "bower_components", ".gradle",
        ".next",       ".nuxt",      ".terraform",  "site-packages", ".cargo",           ".yarn",
        ".pnpm-store"};
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

namespace {

struct Job
{
    fs::path path;
    std::string rel;
};

// target/ is the build output of Cargo and Maven, but a plain folder anywhere else.
bool isBuildOutput(const fs::path &dir)
{
    std::error_code ec;
    const fs::path parent = dir.parent_path();
    return fs::exists(parent / "Cargo.toml", ec) || fs::exists(parent / "pom.xml", ec) ||
           fs::exists(parent / "build.sbt", ec);
}

void collect(const fs::path &root, const ScanOptions &options, std::vector<Job> &jobs, ScanStats &stats)
{
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        throw std::runtime_error("cannot read " + root.string() + ": " + ec.message());
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            ++stats.skippedUnreadable;
            ec.clear();
            continue;
        }
        const fs::directory_entry &entry = *it;
        const auto status = entry.symlink_status(ec);
        if (ec || fs::is_symlink(status))
            continue; // never leave the tree through a link
        const std::string name = entry.path().filename().string();
        if (fs::is_directory(status)) {
            if (isVendoredDirectory(name) || (name == "target" && isBuildOutput(entry.path()))) {
                ++stats.skippedVendored;
                it.disable_recursion_pending();
            }
            continue;
        }
        if (!fs::is_regular_file(status))
            continue;
        const auto size = entry.file_size(ec);
        if (ec) {
            ++stats.skippedUnreadable;
            continue;
        }
        if (size > options.maxFileSize) {
            ++stats.skippedLarge;
            continue;
        }
        jobs.push_back({entry.path(), entry.path().lexically_relative(root).generic_string()});
    }
}

bool readFile(const fs::path &path, std::string &out)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    std::size_t size = ::fstat(fd, &st) == 0 && st.st_size > 0 ? static_cast<std::size_t>(st.st_size) : 0;
    out.resize(size + 1); // one spare byte: a file that grew is noticed and read to its end
    std::size_t used = 0;
    while (true) {
        if (used == out.size())
            out.resize(out.size() * 2 + 4096);
        const ssize_t n = ::read(fd, out.data() + used, out.size() - used);
        if (n < 0) {
            ::close(fd);
            return false;
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    out.resize(used);
    return true;
}

} // namespace

ScanReport scanTree(const Engine &engine, const fs::path &root, const ScanOptions &options)
{
    ScanReport report;
    std::vector<Job> jobs;
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status))
        throw std::runtime_error("cannot read " + root.string() + ": " +
                                 (ec ? ec.message() : "no such file"));
    if (fs::is_directory(status)) {
        collect(root, options, jobs, report.stats);
    } else {
        const auto size = fs::file_size(root, ec);
        if (ec)
            throw std::runtime_error("cannot read " + root.string() + ": " + ec.message());
        if (size > options.maxFileSize)
            ++report.stats.skippedLarge;
        else
            jobs.push_back({root, root.filename().string()});
    }
    std::sort(jobs.begin(), jobs.end(), [](const Job &a, const Job &b) { return a.rel < b.rel; });

    std::vector<std::vector<Finding>> results(jobs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::uint64_t> files{0}, bytes{0}, binary{0}, unreadable{0};
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, jobs.size())));
    std::mutex failureMutex;
    std::exception_ptr failure;
    auto work = [&] {
        Scanner scanner(engine);
        std::string content;
        for (std::size_t i = next++; i < jobs.size(); i = next++) {
            if (!readFile(jobs[i].path, content)) {
                ++unreadable;
                continue;
            }
            if (looksBinary(content)) {
                ++binary;
                continue;
            }
            ++files;
            bytes += content.size();
            results[i] = scanner.scan(content, jobs[i].rel);
        }
    };
    // An exception must not escape a thread (std::terminate): the first one is rethrown here.
    auto worker = [&] {
        try {
            work();
        } catch (...) {
            next = jobs.size();
            const std::lock_guard lock(failureMutex);
            if (!failure)
                failure = std::current_exception();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto &t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);

    report.stats.filesScanned = files;
    report.stats.bytesScanned = bytes;
    report.stats.skippedBinary = binary;
    report.stats.skippedUnreadable += unreadable;
    for (auto &list : results)
        for (auto &f : list)
            if (f.confidence >= options.minConfidence)
                report.findings.push_back(std::move(f));
    return report;
}

} // namespace ffsecrets
