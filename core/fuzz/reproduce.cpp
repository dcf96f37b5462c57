#include "reproduce.h"

#include "docker/tararchive.h"
#include "run/workflowrun.h"
#include "util/safefile.h"

#include <QJsonObject>
#include <QTemporaryDir>

namespace ff::fuzz {

namespace {

constexpr qsizetype kMaxLog = 4 * 1024 * 1024;
// A minimized crash input is one input to the target: far below this.
constexpr qint64 kMaxMinimizedBytes = 64 * 1024 * 1024;
const char *kCrashParser = "fuzz-crashes";

QJsonObject crashOf(const findings::Finding &finding)
{
    return finding.properties.value(QLatin1String("crash")).toObject();
}

// "10001:10001" -> 10001, 10001: the owner of what is put into /results.
std::pair<int, int> ownerOf(const QString &user)
{
    bool uidOk = false;
    bool gidOk = false;
    const int uid = user.section(QLatin1Char(':'), 0, 0).toInt(&uidOk);
    const int gid = user.section(QLatin1Char(':'), 1, 1).toInt(&gidOk);
    const int u = uidOk ? uid : 10001;
    return {u, gidOk ? gid : u};
}

} // namespace

Reproduction::Reproduction(docker::DockerClient *client, ReproduceRequest request, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_request(std::move(request))
{
    qRegisterMetaType<ff::fuzz::ReproduceResult>();
}

Reproduction::~Reproduction()
{
    if (m_run && !run::isFinal(m_run->state())) {
        // Still going: the run ends on its own (its container killed and removed), after us.
        QObject::disconnect(m_run, nullptr, this, nullptr);
        m_run->setParent(m_client);
        connect(m_run, &run::WorkflowRun::finished, m_run, &QObject::deleteLater);
        m_run->cancel();
    }
}

QString Reproduction::signatureOf(const findings::Finding &finding)
{
    return crashOf(finding).value(QLatin1String("signature")).toString();
}

QByteArray Reproduction::reproducerOf(const findings::Finding &finding)
{
    const QJsonObject reproducer = crashOf(finding).value(QLatin1String("reproducer")).toObject();
    return QByteArray::fromBase64(reproducer.value(QLatin1String("base64")).toString().toLatin1());
}

void Reproduction::start()
{
    if (std::exchange(m_started, true))
        return;
    const workflow::WorkflowManifest &wf = m_request.workflow;
    ReproduceResult failed;
    if (wf.reproduce.isEmpty()) {
        failed.error =
            QStringLiteral("the workflow %1 cannot reproduce a crash (its manifest has no reproduce "
                           "command)")
                .arg(wf.id);
        return finish(failed);
    }
    if (m_request.input.isEmpty()) {
        failed.error = QStringLiteral("there is no input to reproduce (the finding carries no reproducer)");
        return finish(failed);
    }
    // The run's values of the parameters the workflow still has, its defaults for the others.
    QMap<QString, QString> known;
    for (auto it = m_request.parameters.cbegin(); it != m_request.parameters.cend(); ++it)
        if (wf.parameter(it.key()))
            known.insert(it.key(), it.value());
    const auto parameters = wf.resolveParameters(known);
    if (!parameters) {
        failed.error = parameters.error().message;
        return finish(failed);
    }

    run::RunSpec spec;
    spec.workflow = wf;
    spec.workflow.command = wf.reproduce; // substituted by the run, as a command is
    if (m_request.minimize)
        spec.workflow.command << QStringLiteral("--minimize");
    spec.workflow.corpus.clear(); // never the campaign's corpus
    spec.workflow.statistics.clear();
    spec.workflow.resources.timeoutSeconds = std::max(1, m_request.timeoutSeconds);
    workflow::OutputSpec crashes;
    crashes.path = QStringLiteral("crashes.log");
    crashes.parser = QLatin1String(kCrashParser);
    crashes.tool = wf.id;
    for (const workflow::OutputSpec &out : wf.outputs)
        if (out.parser == QLatin1String(kCrashParser))
            crashes.tool = out.tool;
    spec.workflow.outputs = {crashes};
    spec.projectPath = m_request.projectPath;
    spec.parameters = parameters.value();
    spec.extraLabels << QStringLiteral("org.fuzzforge.reproduce=1");
    spec.outputDir = m_request.outputDir;
    if (spec.outputDir.isEmpty()) {
        m_tmp = std::make_unique<QTemporaryDir>();
        if (!m_tmp->isValid()) {
            failed.error = QStringLiteral("cannot create a temporary folder: ") + m_tmp->errorString();
            return finish(failed);
        }
        spec.outputDir = m_tmp->path();
    }

    m_run = new run::WorkflowRun(m_client, spec, this);
    connect(m_run, &run::WorkflowRun::stateChanged, this, [this](run::RunState state, const QString &detail) {
        if (!run::isFinal(state))
            Q_EMIT progress(detail.isEmpty() ? run::stateName(state)
                                             : run::stateName(state) + QStringLiteral(": ") + detail);
    });
    connect(m_run, &run::WorkflowRun::logLine, this, [this](const docker::LogLine &line) {
        if (m_log.size() < kMaxLog)
            m_log += line.text + QLatin1Char('\n');
        Q_EMIT logLine(line.text);
    });
    connect(m_run, &run::WorkflowRun::prepared, this, &Reproduction::putInput);
    connect(m_run, &run::WorkflowRun::finished, this, &Reproduction::runFinished);
    m_run->prepare();
}

void Reproduction::putInput()
{
    // The container exists, not yet started: the input goes into its /results volume, owned
    // by the workflow's user like everything the workflow writes there.
    const auto [uid, gid] = ownerOf(m_request.workflow.user);
    const auto archive = docker::tar::pack(
        {docker::tar::Entry::file(QStringLiteral("input"), m_request.input, 0644, uid, gid)});
    if (!archive) {
        m_error = QStringLiteral("cannot pack the input: ") + archive.error().message;
        m_run->cancel();
        return;
    }
    Q_EMIT progress(
        QStringLiteral("copying the input (%1 bytes) into the container").arg(m_request.input.size()));
    m_client->putArchive(m_run->result().containerId, QStringLiteral("/results"), archive.value())
        .then(this, [this](const Status &put) {
            if (!m_run)
                return;
            if (!put) {
                m_error =
                    QStringLiteral("cannot copy the input into the container: ") + put.error().toString();
                m_run->cancel();
                return;
            }
            m_run->start();
        });
}

void Reproduction::runFinished(const run::RunResult &result)
{
    ReproduceResult r;
    r.log = m_log;
    if (!m_error.isEmpty() || !result.succeeded()) {
        r.error = m_error.isEmpty() ? result.error : m_error;
        return finish(r);
    }
    r.ok = true;
    for (const findings::Finding &f : result.findings) {
        r.crashed = true;
        r.crash = f;
        r.signature = signatureOf(f);
        r.stackTrace = crashOf(f).value(QLatin1String("stack")).toString();
        break; // one input: one crash
    }
    if (m_request.minimize) {
        // The container's file: never through a symlink, never blocking on a FIFO.
        const auto minimized = util::readResultFile(result.outputDir + QStringLiteral("/results"),
                                                    QStringLiteral("minimized"), kMaxMinimizedBytes);
        if (minimized)
            r.minimizedInput = minimized.value();
        else if (minimized.error().kind != Error::Kind::NotFound)
            r.error = minimized.error().message;
    }
    finish(r);
}

void Reproduction::finish(ReproduceResult result)
{
    if (std::exchange(m_finished, true))
        return;
    // Through the event loop, so that finished() never comes from inside start().
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            m_tmp.reset();
            Q_EMIT finished(result);
        },
        Qt::QueuedConnection);
}

void Reproduction::cancel()
{
    if (m_run) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cancelled");
        m_run->cancel();
        return;
    }
    if (!m_finished) {
        ReproduceResult r;
        r.error = QStringLiteral("cancelled");
        finish(r);
    }
}

} // namespace ff::fuzz
