#include "scan.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUuid>

namespace ff::run {

Scan::Scan(const workflow::Catalogue &catalogue, ScanRequest request)
    : m_catalogue(catalogue)
    , m_request(std::move(request))
{}

QString Scan::defaultOutputRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

Status Scan::prepare()
{
    auto bad = [](const QString &m) {
        return Status(Error::make(Error::Kind::InvalidArgument, m));
    };
    const QFileInfo project(m_request.projectPath);
    if (m_request.projectPath.isEmpty())
        return bad(QStringLiteral("no project folder given"));
    if (!project.exists())
        return bad(QStringLiteral("%1 does not exist").arg(m_request.projectPath));
    if (!project.isDir())
        return bad(QStringLiteral("%1 is not a folder").arg(m_request.projectPath));
    if (!project.isReadable() || !project.isExecutable())
        return bad(QStringLiteral("%1 cannot be read (permission denied)").arg(m_request.projectPath));
    m_request.projectPath = project.canonicalFilePath();
    m_files = workflow::listProjectFiles(m_request.projectPath);

    QStringList ids = m_request.workflowIds;
    if (ids.isEmpty())
        ids << QStringLiteral("security-assessment");
    QList<const workflow::WorkflowManifest *> selected;
    for (const QString &id : std::as_const(ids)) {
        const workflow::WorkflowManifest *w = m_catalogue.find(id);
        if (!w) {
            QStringList known;
            for (const auto &k : m_catalogue.workflows())
                known << k.id;
            return bad(QStringLiteral("unknown workflow '%1' (known: %2)")
                           .arg(id, known.join(QStringLiteral(", "))));
        }
        auto expanded = m_catalogue.expand(*w, m_files);
        if (!expanded)
            return expanded.error();
        for (const auto *e : expanded.value())
            if (!selected.contains(e))
                selected << e;
    }
    if (selected.isEmpty())
        return bad(QStringLiteral(
                       "no workflow applies to %1: none of its %2 files matches a workflow's file patterns")
                       .arg(m_request.projectPath)
                       .arg(m_files.size()));

    // --param workflow.key=value, checked against the workflows that will run.
    QMap<QString, QMap<QString, QString>> values;
    for (const QString &arg : std::as_const(m_request.parameterArgs)) {
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        const qsizetype dot = arg.indexOf(QLatin1Char('.'));
        if (eq < 0 || dot < 0 || dot > eq)
            return bad(QStringLiteral("--param '%1' is not WORKFLOW.KEY=VALUE").arg(arg));
        const QString wf = arg.left(dot);
        if (std::none_of(selected.cbegin(), selected.cend(), [&wf](const auto *w) { return w->id == wf; }))
            return bad(QStringLiteral("--param '%1': workflow '%2' is not part of this scan").arg(arg, wf));
        values[wf].insert(arg.mid(dot + 1, eq - dot - 1), arg.mid(eq + 1));
    }
    const QString outputRoot = m_request.outputRoot.isEmpty() ? defaultOutputRoot() : m_request.outputRoot;
    for (const auto *w : std::as_const(selected)) {
        auto params = w->resolveParameters(values.value(w->id));
        if (!params)
            return params.error();
        RunSpec spec;
        spec.runId = QUuid::createUuid().toString(QUuid::Id128).left(16);
        spec.workflow = *w;
        spec.projectPath = m_request.projectPath;
        spec.parameters = params.value();
        spec.languages = workflow::detectLanguages(m_files);
        spec.outputDir = outputRoot + QLatin1Char('/') + spec.runId;
        spec.keep = m_request.keep;
        m_specs << spec;
    }
    return {};
}

} // namespace ff::run
