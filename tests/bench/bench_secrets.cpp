// Throughput of fuzzforge-secrets on a generated tree of mixed source and config files (512 MB
// by default, FUZZFORGE_BENCH_MB for another size) against `grep -rEc` with the literal prefixes
// of the same rules, both as child processes in the same run. The tree is written once, with
// deterministic pseudo-random content: code, config and prose in eleven formats, words like
// password or token in ordinary lines now and then, and a fake credential in one file of 101.
// grep runs in the C locale and case-sensitive, its fastest setting. Run with packaging/bench.sh.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include "ratioreporter.h"

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdio>

namespace {

const QString kDetector = QStringLiteral(FF_SECRETS_DETECTOR);
const QString kGrepPattern = QStringLiteral(
    "AKIA|ASIA|ghp_|gho_|github_pat_|glpat-|xox[abposr]-|hooks\\.slack\\.com|sk_live_|rk_live_|AIza|SG\\.|"
    "-----BEGIN|eyJ|AccountKey=|SharedAccessKey=|postgres://|postgresql://|mysql://|mongodb|amqp://|redis://|"
    "password|passwd|secret|token|api_key|apikey|IDENTIFIED BY");

qint64 targetBytes()
{
    const int mb = qEnvironmentVariableIntValue("FUZZFORGE_BENCH_MB");
    return qint64(mb > 0 ? mb : 512) * 1000 * 1000;
}

struct Tree
{
    QTemporaryDir dir;
    QString root;
    qint64 bytes = 0;
    int files = 0;
    int secrets = 0;
};

Tree *g_tree = nullptr;

// splitmix64: fast, and the same tree on every machine.
class Rng
{
public:
    explicit Rng(std::uint64_t seed)
        : m_state(seed)
    {}
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return int(next() % std::uint64_t(n)); }

private:
    std::uint64_t m_state;
};

const std::array<const char *, 48> kWords = {
    "order",   "customer", "invoice", "amount",  "total",  "payment", "refund",  "queue",
    "worker",  "batch",    "export",  "import",  "report", "region",  "bucket",  "cache",
    "session", "request",  "reply",   "handler", "config", "value",   "result",  "index",
    "buffer",  "stream",   "record",  "field",   "schema", "tenant",  "account", "address",
    "status",  "retry",    "timeout", "limit",   "offset", "cursor",  "filter",  "mapper",
    "parser",  "writer",   "reader",  "client",  "server", "metric",  "event",   "ledger"};

// Ordinary lines that mention what the patterns look for.
const std::array<const char *, 6> kKeywordLines = {"password_min_length = 12",
                                                   "token_ttl_seconds: 3600",
                                                   "# rotate the secret every 90 days",
                                                   "api_key_header = \"X-Api-Key\"",
                                                   "// the session token is refreshed by the gateway",
                                                   "secret_store: vault"};

enum class Kind { C, Java, Go, Js, Python, Yaml, Json, Properties, Sql, Markdown, Xml };
const std::array<const char *, 11> kExtensions = {".c",    ".java",       ".go",  ".js", ".py", ".yaml",
                                                  ".json", ".properties", ".sql", ".md", ".xml"};

class Writer
{
public:
    explicit Writer(Rng &rng)
        : m_rng(rng)
    {}
    QByteArray &out() { return m_out; }
    void word() { m_out += kWords[m_rng.below(int(kWords.size()))]; }
    void ident()
    {
        word();
        m_out += '_';
        word();
        m_out += QByteArray::number(m_rng.below(100));
    }
    void number() { m_out += QByteArray::number(m_rng.below(100000)); }
    void words(int n)
    {
        for (int i = 0; i < n; ++i) {
            if (i)
                m_out += ' ';
            word();
        }
    }
    void alnum(int n)
    {
        static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < n; ++i)
            m_out += chars[m_rng.below(62)];
    }

    void line(Kind kind)
    {
        const int shape = m_rng.below(4);
        switch (kind) {
        case Kind::C:
        case Kind::Java:
        case Kind::Go:
        case Kind::Js:
            if (shape == 0) {
                m_out += "    // ";
                words(6);
            } else if (shape == 1) {
                m_out += "    if (";
                ident();
                m_out += " > ";
                number();
                m_out += ") { return ";
                ident();
                m_out += "; }";
            } else {
                static const char *const declarations[] = {"    long ", "    final var ", "    ",
                                                           "    const "};
                m_out += declarations[int(kind)];
                ident();
                m_out += kind == Kind::Go ? " := " : " = ";
                ident();
                m_out += '(';
                ident();
                m_out += ", ";
                number();
                m_out += kind == Kind::Go ? ")" : ");";
            }
            break;
        case Kind::Python:
            if (shape == 0) {
                m_out += "def ";
                ident();
                m_out += "(self, ";
                ident();
                m_out += "):";
            } else if (shape == 1) {
                m_out += "    # ";
                words(7);
            } else {
                m_out += "    ";
                ident();
                m_out += " = self.";
                ident();
                m_out += '(';
                number();
                m_out += ')';
            }
            break;
        case Kind::Yaml:
            m_out += shape == 0 ? "" : "  ";
            ident();
            m_out += ": ";
            if (shape != 0) {
                word();
                m_out += '-';
                number();
            }
            break;
        case Kind::Json:
            m_out += "  \"";
            ident();
            m_out += "\": \"";
            word();
            m_out += '-';
            number();
            m_out += "\",";
            break;
        case Kind::Properties:
            ident();
            m_out += '.';
            ident();
            m_out += '=';
            word();
            number();
            break;
        case Kind::Sql:
            m_out += "INSERT INTO ";
            ident();
            m_out += " (id, name, amount) VALUES (";
            number();
            m_out += ", '";
            words(2);
            m_out += "', ";
            number();
            m_out += ");";
            break;
        case Kind::Markdown:
            words(8 + shape * 3);
            m_out += '.';
            break;
        case Kind::Xml:
            m_out += "  <";
            ident();
            m_out += " name=\"";
            word();
            m_out += "\">";
            words(3);
            m_out += "</";
            word();
            m_out += '>';
            break;
        }
        m_out += '\n';
    }

    // A fake credential in one of a few common shapes.
    void secret()
    {
        switch (m_rng.below(5)) {
        case 0:
            m_out += "AWS_ACCESS_KEY_ID=AKIA";
            for (int i = 0; i < 16; ++i)
                m_out += "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[m_rng.below(32)];
            break;
        case 1:
            m_out += "    api_key = \"";
            alnum(32);
            m_out += '"';
            break;
        case 2:
            m_out += "const token = \"ghp_";
            alnum(36);
            m_out += "\";";
            break;
        case 3:
            m_out += "slack_bot: xoxb-";
            number();
            number();
            m_out += '-';
            number();
            number();
            m_out += '-';
            alnum(24);
            break;
        default:
            m_out += "DATABASE_URL=postgres://app:";
            alnum(20);
            m_out += "@db.internal:5432/app";
            break;
        }
        m_out += '\n';
    }

private:
    Rng &m_rng;
    QByteArray m_out;
};

bool generateTree(Tree &t)
{
    t.root = t.dir.filePath(QStringLiteral("tree"));
    Rng rng(0x5ec2e75);
    const qint64 target = targetBytes();
    while (t.bytes < target) {
        const Kind kind = Kind(t.files % int(kExtensions.size()));
        const QString dir = QStringLiteral("%1/pkg%2/%3")
                                .arg(t.root)
                                .arg(t.files / 400, 3, 10, QLatin1Char('0'))
                                .arg(QLatin1String(kWords[rng.below(int(kWords.size()))]));
        if (!QDir().mkpath(dir))
            return false;
        Writer w(rng);
        const int size = 8 * 1024 + rng.below(88 * 1024);
        w.out().reserve(size + 256);
        bool plant = t.files % 101 == 50;
        while (w.out().size() < size) {
            if (plant && w.out().size() >= size / 2) {
                w.secret();
                ++t.secrets;
                plant = false;
            } else if (rng.below(256) == 0) {
                w.out() += kKeywordLines[rng.below(int(kKeywordLines.size()))];
                w.out() += '\n';
            } else {
                w.line(kind);
            }
        }
        QFile f(
            QStringLiteral("%1/file%2%3").arg(dir).arg(t.files).arg(QLatin1String(kExtensions[int(kind)])));
        if (!f.open(QIODevice::WriteOnly) || f.write(w.out()) != w.out().size())
            return false;
        t.bytes += w.out().size();
        ++t.files;
    }
    return true;
}

bool runChild(benchmark::State &state, const QString &program, const QStringList &args, bool cLocale,
              int maxExitCode)
{
    QProcess p;
    p.setStandardOutputFile(QProcess::nullDevice());
    p.setStandardErrorFile(QProcess::nullDevice());
    if (cLocale) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        p.setProcessEnvironment(env);
    }
    p.start(program, args);
    if (!p.waitForFinished(-1) || p.exitStatus() != QProcess::NormalExit || p.exitCode() > maxExitCode) {
        state.SkipWithError(qPrintable(program + QStringLiteral(" failed: ") + p.errorString()));
        return false;
    }
    return true;
}

void runDetector(benchmark::State &state, const QStringList &options)
{
    const QStringList args =
        options + QStringList{QStringLiteral("--sarif"), QStringLiteral("/dev/null"), g_tree->root};
    for (auto _ : state)
        if (!runChild(state, kDetector, args, false, 0))
            break;
    state.SetBytesProcessed(state.iterations() * g_tree->bytes);
}

// Its default: one scanning thread per hardware thread.
void BM_FuzzForgeSecrets(benchmark::State &state)
{
    runDetector(state, {});
}

// grep is single-threaded: the same work on one thread, for the per-core comparison.
void BM_FuzzForgeSecretsOneThread(benchmark::State &state)
{
    runDetector(state, {QStringLiteral("--threads"), QStringLiteral("1")});
}

void BM_GrepRegex(benchmark::State &state)
{
    for (auto _ : state)
        // grep -c exits 1 when no file matched.
        if (!runChild(state, QStringLiteral("grep"), {QStringLiteral("-rEc"), kGrepPattern, g_tree->root},
                      true, 1))
            break;
    state.SetBytesProcessed(state.iterations() * g_tree->bytes);
}

void summary(const ff::bench::RatioReporter::Medians &m)
{
    const double ours = ff::bench::median(m, "BM_FuzzForgeSecrets");
    const double oursOne = ff::bench::median(m, "BM_FuzzForgeSecretsOneThread");
    const double grep = ff::bench::median(m, "BM_GrepRegex");
    const double mb = double(g_tree->bytes) / 1e6;
    auto rate = [mb](double ms) {
        return ms > 0 ? mb / (ms / 1000.0) : 0.0;
    };
    std::printf("\nScanning %.0f MB in %d files (%d fake credentials), median of the repetitions:\n", mb,
                g_tree->files, g_tree->secrets);
    std::printf("  fuzzforge-secrets             %8.2f s %8.1f MB/s\n", ours / 1000.0, rate(ours));
    std::printf("  fuzzforge-secrets --threads 1 %8.2f s %8.1f MB/s\n", oursOne / 1000.0, rate(oursOne));
    std::printf("  grep -rEc                     %8.2f s %8.1f MB/s\n", grep / 1000.0, rate(grep));
    std::printf("  throughput ratio (ours/grep): %.2f; on one thread: %.2f\n", ours > 0 ? grep / ours : 0.0,
                oursOne > 0 ? grep / oursOne : 0.0);
    std::printf(
        "(grep: the rules' literal prefixes as one extended regex, case-sensitive, LC_ALL=C, no decoding)\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Tree tree;
    g_tree = &tree;
    std::fprintf(stderr, "bench_secrets: writing %.0f MB of files...\n", double(targetBytes()) / 1e6);
    if (!tree.dir.isValid() || !generateTree(tree)) {
        std::fprintf(stderr, "bench_secrets: cannot write the tree under %s\n", qPrintable(tree.dir.path()));
        return 1;
    }
    for (auto *b :
         {benchmark::RegisterBenchmark("BM_FuzzForgeSecrets", BM_FuzzForgeSecrets),
          benchmark::RegisterBenchmark("BM_FuzzForgeSecretsOneThread", BM_FuzzForgeSecretsOneThread),
          benchmark::RegisterBenchmark("BM_GrepRegex", BM_GrepRegex)})
        b->Iterations(1)->Repetitions(3)->Unit(benchmark::kMillisecond)->UseRealTime();
    benchmark::Initialize(&argc, argv);
    ff::bench::RatioReporter reporter(summary);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
