#pragma once

#include "runtypes.h"
#include "workflow/catalogue.h"
#include "workflowrun.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace ff::run {

struct ScanRequest
{
    QString projectPath;
    QStringList workflowIds; // empty: security-assessment
    // "workflow.key=value" arguments, as the CLI's --param takes them.
    QStringList parameterArgs;
    QString outputRoot; // a folder per run is made under it
    bool keep = false;
    int concurrency = 2;
};

// Several workflows on one project: composites are expanded, parameters validated and the
// project checked before anything starts; then the runs go, a few at a time.
class Scan : public QObject
{
    Q_OBJECT
public:
    Scan(docker::DockerClient *client, const workflow::Catalogue &catalogue, ScanRequest request,
         QObject *parent = nullptr);

    // Validates the request; an error here is the user's input (exit code 2 in the CLI).
    Status prepare();
    void start();
    void cancel();

    const QList<RunSpec> &specs() const { return m_specs; }
    const QList<RunResult> &results() const { return m_results; }
    QStringList projectFiles() const { return m_files; }
    QList<findings::Finding> findings() const;

    static QString defaultOutputRoot();

Q_SIGNALS:
    void runStarted(ff::run::WorkflowRun *run);
    void runStateChanged(const QString &workflowId, ff::run::RunState state, const QString &detail);
    void runFinished(const ff::run::RunResult &result);
    void finished();

private:
    void startNext();

    docker::DockerClient *m_client;
    const workflow::Catalogue &m_catalogue;
    ScanRequest m_request;
    QStringList m_files;
    QList<RunSpec> m_specs;
    qsizetype m_next = 0;
    int m_running = 0;
    bool m_cancelled = false;
    QList<QPointer<WorkflowRun>> m_active;
    QList<RunResult> m_results;
};

} // namespace ff::run
