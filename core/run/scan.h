#pragma once

#include "runtypes.h"
#include "workflow/catalogue.h"

#include <QList>

namespace ff::run {

struct ScanRequest
{
    QString projectPath;
    QStringList workflowIds; // empty: security-assessment
    // "workflow.key=value" arguments, as the CLI's --param takes them.
    QStringList parameterArgs;
    QString outputRoot; // a folder per run is made under it
    bool keep = false;
};

// Several workflows on one project, planned: composites are expanded, parameters validated and
// the project checked before anything is queued; the scheduler then runs the specs.
class Scan
{
public:
    Scan(const workflow::Catalogue &catalogue, ScanRequest request);

    // Validates the request; an error here is the user's input (exit code 2 in the CLI).
    Status prepare();

    const QList<RunSpec> &specs() const { return m_specs; }
    QStringList projectFiles() const { return m_files; }

    static QString defaultOutputRoot();

private:
    const workflow::Catalogue &m_catalogue;
    ScanRequest m_request;
    QStringList m_files;
    QList<RunSpec> m_specs;
};

} // namespace ff::run
