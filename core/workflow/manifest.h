#pragma once

#include "util/error.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace ff::workflow {

// A manifest problem, precise enough to fix: which file, which field, on which line, why.
struct ManifestError
{
    QString file;
    QString field;
    QString reason;
    int line = 0; // 1-based line of the YAML the problem is on, 0 when none applies
    QString toString() const;
};

struct ParameterSpec
{
    enum class Type { String, Integer, Number, Boolean, Enum };
    QString name;
    Type type = Type::String;
    QString defaultValue;
    QStringList allowed; // enum
    std::optional<double> min;
    std::optional<double> max;
    QString description;

    static QString typeName(Type type);
    // The value in canonical form (e.g. "true", "3"), or why it is not acceptable.
    Result<QString> validate(const QString &value) const;
};

struct OutputSpec
{
    QString path;   // relative to /results
    QString parser; // see findings::parserIds()
    QString tool;
    bool optional = false;
};

struct ResourceSpec
{
    qint64 memoryBytes = 512ll * 1024 * 1024;
    double cpus = 1.0;
    int pids = 256;
    int timeoutSeconds = 600;
    // What may come back out of /results: the whole copy, across all its files. A manifest may
    // lower it, never raise it.
    static constexpr qint64 kMaxResultsBytes = 1ll << 30;
    qint64 resultsBytes = kMaxResultsBytes;
    // Which of them the manifest states; the others are defaults a user setting may replace.
    bool memoryStated = false;
    bool cpusStated = false;
    bool timeoutStated = false;
};

// The /tmp tmpfs of the container: its size, and whether programs may run from it (a
// fuzzing workflow builds its harness there). The engine mounts a tmpfs noexec otherwise.
struct ScratchSpec
{
    qint64 sizeBytes = 256ll * 1024 * 1024;
    bool exec = false;
};

struct WorkflowManifest
{
    QString id;
    QString name;
    QString description;
    QString category;
    QString version;
    QString folder; // where the manifest lives (":/workflows/..." for built-ins)
    bool builtIn = false;
    QString buildContext; // folder to build the image from, or empty with imageReference
    QString dockerfile = QStringLiteral("Dockerfile");
    QString imageReference; // an existing image instead of a build
    QStringList command;
    QList<ParameterSpec> parameters;
    ResourceSpec resources;
    QString network = QStringLiteral("none"); // "none", or "bridge": a network of the run's own
    QList<OutputSpec> outputs;
    QStringList globs;
    QStringList languages;
    QList<int> successExitCodes{0};
    QString user = QStringLiteral("10001:10001");
    // Composite workflows run others: "applicable" (every built-in whose globs match) or ids.
    QStringList composite;
    // Fuzzing: where the corpus volume of the project and harness (parameter "harness") is
    // mounted read-write, absolute; empty when the workflow keeps no corpus.
    QString corpus;
    ScratchSpec scratch;
    // The engine whose log lines fuzz::StatsParser reads ("libfuzzer", "afl"), or empty.
    QString statistics;
    // The command that runs the harness on one input (/results/input), with {{param}} as in
    // command; empty when the workflow cannot reproduce.
    QStringList reproduce;

    bool isComposite() const { return !composite.isEmpty(); }
    const ParameterSpec *parameter(const QString &name) const;
    // Defaults overridden by `values`, each validated; unknown names are errors.
    Result<QMap<QString, QString>> resolveParameters(const QMap<QString, QString> &values) const;
    // The command with {{name}} replaced by the resolved values.
    QStringList substitute(const QMap<QString, QString> &values) const;
    // The reproduce command, the same way.
    QStringList substituteReproduce(const QMap<QString, QString> &values) const;
    // Any argument list, the same way.
    static QStringList substituteArguments(const QStringList &arguments,
                                           const QMap<QString, QString> &values);
    // Whether any of the project's files (relative paths) matches the globs.
    bool appliesTo(const QStringList &relativeFiles) const;
};

// Parses and validates workflow.yaml text; `file` names it in errors, `folder` resolves
// relative paths. Every problem found is returned, not only the first.
Result<WorkflowManifest> parseManifest(const QByteArray &yaml, const QString &file, const QString &folder,
                                       QList<ManifestError> *errors);

// Both refuse (ok = false) what is not a size/duration, and what does not fit the return type.
qint64 parseByteSize(const QString &text, bool *ok);     // "512m", "1g", "1048576"
int parseDurationSeconds(const QString &text, bool *ok); // "90", "90s", "15m", "2h"

// The user a container runs as: "UID:GID", both numeric ("10001:10001"), or why not: a name
// (the image's /etc/passwd could make it root), a UID alone (the image's group, 0 when it has
// none), UID 0 or GID 0 however written ("00:1", "0000:0", "10001:0"), a sign ("+0").
Result<std::pair<quint32, quint32>> parseUser(const QString &text);

// Upper bounds of what a manifest may ask for.
inline constexpr double kMaxCpus = 256;
inline constexpr qint64 kMaxMemoryBytes = 1ll << 40; // 1 TiB
inline constexpr int kMaxPids = 1 << 20;
inline constexpr int kMaxTimeoutSeconds = 7 * 24 * 3600;

} // namespace ff::workflow
