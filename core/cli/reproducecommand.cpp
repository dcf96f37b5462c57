#include "cli.h"
#include "commands.h"
#include "output.h"
#include "printable.h"

#include "docker/dockerclient.h"
#include "fuzz/reproduce.h"
#include "util/await.h"
#include "workflow/catalogue.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <unistd.h>

namespace ff::cli {

namespace {

const QString kCommand = QStringLiteral("reproduce");

QMap<QString, QString> parametersOf(const QJsonObject &o)
{
    QMap<QString, QString> out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(),
                   it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    return out;
}

QString where(const findings::Finding &f)
{
    if (f.path.isEmpty())
        return {};
    return f.region.startLine > 0 ? QStringLiteral("%1:%2").arg(f.path).arg(f.region.startLine) : f.path;
}

// The last lines of the container's output: why a reproduction could not run.
QString tail(const QString &log, int lines)
{
    QStringList all = log.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join(QLatin1Char('\n'));
}

Status writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit())
        return Error::make(Error::Kind::Io, QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

} // namespace

int reproduceCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Run the harness of a recorded fuzzing crash on its reproducer in a fresh hardened "
                       "container, print the stack trace and compare the crash signature with the recorded "
                       "one. Exit 0: the same signature; 1: no crash or another signature."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("FINDING"),
        QStringLiteral("The finding's fingerprint (its crash signature), or a unique "
                       "prefix of it."));
    const QCommandLineOption minimizeOpt(QStringLiteral("minimize"),
                                         QStringLiteral("Also minimise the crashing input (libFuzzer "
                                                        "-minimize_crash)."));
    const QCommandLineOption outputOpt(
        {QStringLiteral("o"), QStringLiteral("output")},
        QStringLiteral("Write the minimised input to FILE (implies --minimize)."), QStringLiteral("FILE"));
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QStringLiteral("Print the result as JSON."));
    const QCommandLineOption projectOpt(
        QStringLiteral("project"),
        QStringLiteral("Use this project folder instead of the recorded run's "
                       "(the project moved)."),
        QStringLiteral("DIR"));
    const QCommandLineOption workflowsDirOpt(QStringLiteral("workflows"),
                                             QStringLiteral("Also load workflows from DIR (repeatable)."),
                                             QStringLiteral("DIR"));
    const QCommandLineOption db = databaseOption();
    parser.addOptions({minimizeOpt, outputOpt, jsonOpt, projectOpt, workflowsDirOpt, db});
    if (!parser.parse(args))
        return usageError(kCommand, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return usageError(kCommand,
                          positional.isEmpty()
                              ? QStringLiteral("name the finding to reproduce (its fingerprint, or a "
                                               "unique prefix of it)")
                              : QStringLiteral("name exactly one finding"));
    const QString wanted = positional.first();
    const bool minimize = parser.isSet(minimizeOpt) || parser.isSet(outputOpt);
    const QString outputFile =
        parser.isSet(outputOpt) ? QFileInfo(parser.value(outputOpt)).absoluteFilePath() : QString();
    if (!outputFile.isEmpty()) {
        const QFileInfo dir(QFileInfo(outputFile).path());
        if (!dir.isDir() || !dir.isWritable())
            return inputError(kCommand, QStringLiteral("cannot write %1: its folder does not exist or cannot "
                                                       "be written")
                                            .arg(outputFile));
    }

    auto store = openStore(parser.value(db));
    if (!store) {
        err() << "fuzzforge-cli reproduce: " << store.error().message << Qt::endl;
        return store.error().kind == Error::Kind::InvalidArgument ? ExitUsage : ExitFailure;
    }
    const auto matches = store.value()->findingsByFingerprint(wanted);
    if (!matches) {
        err() << "fuzzforge-cli reproduce: " << matches.error().message << Qt::endl;
        return ExitFailure;
    }
    if (matches->isEmpty())
        return inputError(kCommand, QStringLiteral("no finding with the fingerprint '%1' in %2")
                                        .arg(wanted, store.value()->url().redacted()));
    // Several runs may have found the same crash: the newest comes first. Several fingerprints
    // mean the prefix is too short.
    QStringList candidates;
    QSet<QString> fingerprints;
    for (const auto &[runId, f] : matches.value()) {
        if (fingerprints.contains(f.fingerprint))
            continue;
        fingerprints.insert(f.fingerprint);
        candidates << QStringLiteral("  %1  %2 (run %3)").arg(f.fingerprint, f.title, runId);
    }
    if (fingerprints.size() > 1) {
        const qsizetype shown = std::min<qsizetype>(candidates.size(), 10);
        QString message = QStringLiteral("'%1' is the prefix of %2 findings; give more of the fingerprint:\n")
                              .arg(wanted)
                              .arg(candidates.size()) +
                          candidates.mid(0, shown).join(QLatin1Char('\n'));
        if (candidates.size() > shown)
            message += QStringLiteral("\n  ...");
        return usageError(kCommand, message);
    }
    const QString runId = matches->first().first;
    const findings::Finding recorded = matches->first().second;
    const QString recordedSignature = fuzz::Reproduction::signatureOf(recorded);
    const QByteArray input = fuzz::Reproduction::reproducerOf(recorded);
    if (input.isEmpty())
        return inputError(kCommand, QStringLiteral("the finding %1 carries no reproducer input (it is not a "
                                                   "fuzzing crash, or its input was larger than 1 MiB)")
                                        .arg(recorded.fingerprint));

    const auto record = store.value()->run(runId);
    if (!record) {
        err() << "fuzzforge-cli reproduce: " << record.error().message << Qt::endl;
        return record.error().kind == Error::Kind::NotFound ? ExitUsage : ExitFailure;
    }
    store.value().reset();

    const QString project = parser.isSet(projectOpt) ? QFileInfo(parser.value(projectOpt)).absoluteFilePath()
                                                     : record->projectPath;
    const QFileInfo projectInfo(project);
    if (!projectInfo.isDir() || !projectInfo.isReadable())
        return inputError(
            kCommand, QStringLiteral("the project folder %1 does not exist or cannot be read%2")
                          .arg(project, parser.isSet(projectOpt)
                                            ? QString()
                                            : QStringLiteral(" (give where it is now with --project DIR)")));
    const workflow::Catalogue catalogue = workflow::Catalogue::standard(parser.values(workflowsDirOpt));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli: warning: " << e.toString() << Qt::endl;
    const workflow::WorkflowManifest *wf = catalogue.find(record->workflow);
    if (!wf)
        return inputError(kCommand,
                          QStringLiteral("the workflow '%1' of run %2 is not available (give its folder "
                                         "with --workflows DIR)")
                              .arg(record->workflow, runId));
    if (wf->reproduce.isEmpty())
        return inputError(
            kCommand,
            QStringLiteral("the workflow '%1' cannot reproduce a crash (no reproduce command)").arg(wf->id));

    auto *client = docker::DockerClient::fromEnvironment(QCoreApplication::instance());
    const auto ping = ff::await(client->ping());
    if (!ping) {
        err() << "fuzzforge-cli reproduce: the Docker engine is unavailable: " << ping.error().message
              << Qt::endl;
        return ExitFailure;
    }

    fuzz::ReproduceRequest request;
    request.workflow = *wf;
    request.projectPath = QFileInfo(project).canonicalFilePath();
    request.parameters = parametersOf(record->parameters);
    request.input = input;
    request.minimize = minimize;
    fuzz::Reproduction reproduction(client, request);
    fuzz::ReproduceResult result;
    {
        QEventLoop loop;
        const bool tty = ::isatty(STDERR_FILENO) == 1;
        QObject::connect(&reproduction, &fuzz::Reproduction::progress, &loop, [tty](const QString &detail) {
            if (tty) {
                terminalErr() << "\r\033[K  [reproduce] " << printable(detail.left(150));
                terminalErr().flush();
            } else {
                err() << "  [reproduce] " << detail << Qt::endl;
            }
        });
        QObject::connect(&reproduction, &fuzz::Reproduction::finished, &loop,
                         [&result, &loop, tty](const fuzz::ReproduceResult &r) {
                             result = r;
                             if (tty)
                                 terminalErr() << "\r\033[K";
                             terminalErr().flush();
                             loop.quit();
                         });
        InterruptGuard interrupt([&reproduction] { reproduction.cancel(); });
        QTimer::singleShot(0, &reproduction, &fuzz::Reproduction::start);
        loop.exec();
    }

    const bool same =
        result.ok && result.crashed && !recordedSignature.isEmpty() && result.signature == recordedSignature;
    QString minimizedWritten;
    if (result.ok && !result.minimizedInput.isEmpty() && !outputFile.isEmpty()) {
        if (Status s = writeFile(outputFile, result.minimizedInput); !s)
            err() << "fuzzforge-cli reproduce: " << s.error().message << Qt::endl;
        else
            minimizedWritten = outputFile;
    }

    if (parser.isSet(jsonOpt)) {
        QJsonObject o;
        o.insert(QLatin1String("finding"), recorded.fingerprint);
        o.insert(QLatin1String("title"), recorded.title);
        o.insert(QLatin1String("run"), runId);
        o.insert(QLatin1String("workflow"), wf->id);
        o.insert(QLatin1String("project"), request.projectPath);
        o.insert(QLatin1String("recordedSignature"), recordedSignature);
        o.insert(QLatin1String("ok"), result.ok);
        if (!result.ok)
            o.insert(QLatin1String("error"), result.error);
        o.insert(QLatin1String("crashed"), result.crashed);
        o.insert(QLatin1String("signature"), result.signature);
        o.insert(QLatin1String("sameSignature"), same);
        if (result.crashed) {
            const QJsonObject crash = result.crash.properties.value(QLatin1String("crash")).toObject();
            o.insert(QLatin1String("type"), result.crash.ruleId);
            o.insert(QLatin1String("crashTitle"), result.crash.title);
            o.insert(QLatin1String("location"), where(result.crash));
            o.insert(QLatin1String("frames"), crash.value(QLatin1String("frames")));
            o.insert(QLatin1String("stack"), result.stackTrace);
        }
        if (minimize) {
            QJsonObject m;
            m.insert(QLatin1String("size"), result.minimizedInput.size());
            m.insert(QLatin1String("base64"), QString::fromLatin1(result.minimizedInput.toBase64()));
            if (!minimizedWritten.isEmpty())
                m.insert(QLatin1String("file"), minimizedWritten);
            o.insert(QLatin1String("minimized"), m);
        }
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        out().flush();
    } else {
        QTextStream &s = out();
        s << "Finding   " << recorded.fingerprint << "  " << recorded.title << "\n";
        s << "Run       " << runId << " (" << wf->id << ") on " << request.projectPath << "\n";
        s << "Input     " << input.size() << " bytes\n\n";
        if (result.ok && result.crashed) {
            s << result.stackTrace.trimmed() << "\n\n";
            s << "Crash     " << result.crash.title;
            if (!where(result.crash).isEmpty())
                s << " (" << where(result.crash) << ")";
            s << "\n";
            s << "Signature " << result.signature << "\n";
            s << "Recorded  " << recordedSignature << "\n";
        } else if (result.ok) {
            s << "The input did not crash the harness.\n";
            s << "Recorded  " << recordedSignature << "\n";
        }
        if (result.ok) {
            s << "Same signature as recorded: " << (same ? "yes" : "no") << "\n";
            if (minimize) {
                if (result.minimizedInput.isEmpty())
                    s << "Minimized: no smaller crashing input\n";
                else if (!minimizedWritten.isEmpty())
                    s << "Minimized " << result.minimizedInput.size() << " bytes, written to "
                      << QDir::toNativeSeparators(minimizedWritten) << "\n";
                else
                    s << "Minimized " << result.minimizedInput.size()
                      << " bytes (write it to a file with --output FILE)\n";
            }
        }
        s.flush();
    }
    if (!result.ok) {
        err() << "fuzzforge-cli reproduce: " << result.error << Qt::endl;
        const QString last = tail(result.log, 15);
        if (!last.isEmpty() && !parser.isSet(jsonOpt))
            err() << "The container's last lines:\n" << last << Qt::endl;
        return ExitFailure;
    }
    return same ? ExitOk : ExitFindings;
}

} // namespace ff::cli
