#pragma once

#include "manifest.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ff::workflow {

// The workflows an analyst can run: built-in ones (compiled in as resources), the user's
// folder and any folder given on the command line. A bad manifest is reported and skipped;
// the others still load.
class Catalogue
{
public:
    static QString builtInRoot() { return QStringLiteral(":/workflows"); }
    // QStandardPaths' app data location + "/workflows".
    static QString userRoot();
    // Built-ins, then the user's folder, then `extraRoots`.
    static Catalogue standard(const QStringList &extraRoots = {});

    // Loads every sub-folder of `root` that holds a workflow.yaml (or `root` itself if it does).
    void load(const QString &root, bool builtIn = false);

    const QList<WorkflowManifest> &workflows() const { return m_workflows; }
    const QList<ManifestError> &errors() const { return m_errors; }
    const WorkflowManifest *find(const QString &id) const;

    // The non-composite workflows whose globs match one of the files (the composite
    // "applicable" takes them all but the fuzzing ones).
    QList<const WorkflowManifest *> applicable(const QStringList &projectFiles) const;
    // What running `m` means: itself, or for a composite the workflows it stands for.
    Result<QList<const WorkflowManifest *>> expand(const WorkflowManifest &m,
                                                   const QStringList &projectFiles) const;

private:
    void loadOne(const QString &folder, bool builtIn);
    QList<WorkflowManifest> m_workflows;
    QList<ManifestError> m_errors;
};

// A hash of a folder's files (paths and contents, sorted): the image tag of a workflow, so an
// unchanged workflow is never rebuilt.
QString folderHash(const QString &folder);

// The project's files, relative and sorted, skipping VCS and dependency folders; stops after
// `limit` files.
QStringList listProjectFiles(const QString &root, int limit = 200000);

// The languages a project's files are written in, by file extension, sorted.
QStringList detectLanguages(const QStringList &relativeFiles);

} // namespace ff::workflow
