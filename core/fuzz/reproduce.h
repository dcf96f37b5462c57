#pragma once

#include "docker/dockerclient.h"
#include "findings/finding.h"
#include "workflow/manifest.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QTemporaryDir;

namespace ff::run {
class WorkflowRun;
struct RunResult;
} // namespace ff::run

namespace ff::fuzz {

struct ReproduceRequest
{
    workflow::WorkflowManifest workflow; // the fuzzing workflow that found the crash
    QString projectPath;
    QMap<QString, QString> parameters; // the run's parameters (harness, flags, ...)
    QByteArray input;                  // the reproducer
    // Also minimise the input (libFuzzer -minimize_crash): "--minimize" is appended to the
    // reproduce command, and reproduce.sh leaves the result at /results/minimized.
    bool minimize = false;
    QString outputDir; // where the log and outputs are kept (empty: a temporary folder)
    int timeoutSeconds = 300;
};

struct ReproduceResult
{
    bool ok = false;         // the container ran and its output was read
    QString error;           // why not
    bool crashed = false;    // the harness crashed on the input
    findings::Finding crash; // when crashed: type, frames, signature in properties["crash"]
    QString signature;
    QString stackTrace;        // the sanitizer's report
    QByteArray minimizedInput; // when minimisation was asked and succeeded
    QString log;               // the container's whole output
};

// Runs the harness on one input in a fresh hardened container (the workflow's image and
// limits, the project read-only, no network, no corpus volume), through the same lifecycle
// as a workflow run, and reads the crash back through the same parser: the workflow's
// `reproduce` command (with the run's parameters) in place of its command, crashes.log as
// its only output, the input put into /results before the container starts. finished()
// comes exactly once (also after cancel()).
class Reproduction : public QObject
{
    Q_OBJECT
public:
    Reproduction(docker::DockerClient *client, ReproduceRequest request, QObject *parent = nullptr);
    ~Reproduction() override;
    void start();
    void cancel();

    // The signature a crash finding carries (properties["crash"]["signature"]), or empty.
    static QString signatureOf(const findings::Finding &finding);
    // The reproducer a crash finding carries (properties["crash"]["reproducer"]["base64"]).
    static QByteArray reproducerOf(const findings::Finding &finding);

Q_SIGNALS:
    void progress(const QString &detail);
    void logLine(const QString &line);
    void finished(const ff::fuzz::ReproduceResult &result);

private:
    void putInput();
    void runFinished(const run::RunResult &result);
    void finish(ReproduceResult result);

    docker::DockerClient *m_client;
    ReproduceRequest m_request;
    QPointer<run::WorkflowRun> m_run;
    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_error; // what went wrong before the container started
    QString m_log;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace ff::fuzz

Q_DECLARE_METATYPE(ff::fuzz::ReproduceResult)
