// The end of a run: the results copied out of the container and parsed into findings.
#include "workflowrun.h"

#include "findings/parsers.h"
#include "util/safefile.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

namespace ff::run {

using namespace ff::docker;

void WorkflowRun::collect()
{
    setState(RunState::Collecting);
    const QString dest = m_spec.outputDir.isEmpty()
                             ? QDir::tempPath() + QStringLiteral("/fuzzforge-") + m_spec.runId
                             : m_spec.outputDir;
    m_result.outputDir = dest;
    m_client->copyFromContainer(m_result.containerId, QStringLiteral("/results"), dest)
        .then(this, [this](const Result<QStringList> &files) {
            if (!files)
                return failEngine(QStringLiteral("cannot copy the results out of the container"),
                                  files.error());
            m_result.rawFiles = files.value();
            if (m_finalState == RunState::Failed)
                return fail(m_result.error);
            parse();
        });
}

void WorkflowRun::parse()
{
    const QString resultsDir = m_result.outputDir + QStringLiteral("/results");
    const auto wf = m_spec.workflow;
    const QString project = m_spec.projectPath;
    // Parsing can be large: off this thread, back through the event loop.
    using Parsed = std::pair<QMap<QString, QString>, Result<QList<findings::Finding>>>;
    QtConcurrent::run([resultsDir, wf, project]() -> Parsed {
        QMap<QString, QString> versions;
        // Every read goes through readResultFile: /results is the container's, a symlink or a
        // FIFO there must neither leak a host file nor block this worker forever.
        const qint64 limit = wf.resources.resultsBytes;
        if (const auto vf = util::readResultFile(resultsDir, QStringLiteral("versions.json"), limit)) {
            const QJsonObject o = QJsonDocument::fromJson(vf.value()).object();
            for (auto it = o.begin(); it != o.end(); ++it)
                versions.insert(it.key(), it.value().toString());
        }
        QList<findings::Finding> all;
        for (const workflow::OutputSpec &out : wf.outputs) {
            const QString fileName = resultsDir + QLatin1Char('/') + out.path;
            const auto data = util::readResultFile(resultsDir, out.path, limit);
            if (!data) {
                if (data.error().kind == Error::Kind::NotFound) {
                    if (out.optional)
                        continue;
                    return {versions, Error::make(Error::Kind::Parse, data.error().message)};
                }
                return {versions, data.error()};
            }
            findings::ParseContext ctx;
            ctx.workflow = wf.id;
            ctx.tool = out.tool;
            ctx.toolVersion = versions.value(out.tool);
            auto parsed = findings::parserFor(out.parser)(data.value(), ctx);
            if (!parsed)
                return {versions,
                        Error::make(Error::Kind::Parse, QStringLiteral("%1 (raw output kept in %2)")
                                                            .arg(parsed.error().message, fileName))};
            all += parsed.value();
        }
        findings::completeFindings(all, project);
        return {versions, all};
    }).then(this, [this](const Parsed &parsed) {
        m_result.toolVersions = parsed.first;
        if (!parsed.second)
            return fail(parsed.second.error().message);
        m_result.findings = parsed.second.value();
        m_result.state = RunState::Succeeded;
        m_finalState = RunState::Succeeded;
        cleanupAndFinish();
    });
}

} // namespace ff::run
