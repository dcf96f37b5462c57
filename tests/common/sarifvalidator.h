#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace ff::test {

// What Microsoft's SARIF validator (@microsoft/sarif-multitool, installed by packaging/test.sh
// under tests/sarif/) says about a file. It exits 0 even when it finds errors, so its own SARIF
// log is read: every result of level "error" is an error.
struct SarifValidation
{
    QString failure; // the validator could not run or its log could not be read
    QStringList errors;
    QStringList warnings;
    bool ok() const { return failure.isEmpty() && errors.isEmpty(); }
    QString describe() const { return failure.isEmpty() ? errors.join(QLatin1Char('\n')) : failure; }
};

inline SarifValidation validateSarif(const QString &path)
{
    SarifValidation v;
    const QString tool = qEnvironmentVariable("FUZZFORGE_SARIF_MULTITOOL");
    if (tool.isEmpty() || !QFile::exists(tool)) {
        v.failure = QStringLiteral("the SARIF validator is not installed at '%1': run packaging/test.sh, "
                                   "which installs it with npm")
                        .arg(tool);
        return v;
    }
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("validation.sarif"));
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(tool, {QStringLiteral("validate"), path, QStringLiteral("--output"), log, QStringLiteral("--log"),
                   QStringLiteral("ForceOverwrite")});
    if (!p.waitForFinished(180000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        v.failure = QStringLiteral("the SARIF validator failed (exit %1): %2")
                        .arg(p.exitCode())
                        .arg(QString::fromUtf8(p.readAll()));
        return v;
    }
    QFile f(log);
    if (!f.open(QIODevice::ReadOnly)) {
        v.failure =
            QStringLiteral("the SARIF validator wrote no log: %1").arg(QString::fromUtf8(p.readAll()));
        return v;
    }
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    if (runs.isEmpty()) {
        v.failure = QStringLiteral("the SARIF validator's log has no run");
        return v;
    }
    for (const auto &runValue : runs) {
        const QJsonObject run = runValue.toObject();
        for (const auto &inv : run.value(QLatin1String("invocations")).toArray())
            if (!inv.toObject().value(QLatin1String("executionSuccessful")).toBool(true))
                v.errors << QStringLiteral("the validator's run did not succeed");
        for (const auto &r : run.value(QLatin1String("results")).toArray()) {
            const QJsonObject result = r.toObject();
            const QJsonObject msg = result.value(QLatin1String("message")).toObject();
            QStringList args;
            for (const auto &a : msg.value(QLatin1String("arguments")).toArray())
                args << a.toString();
            const QString line = result.value(QLatin1String("ruleId")).toString() + QLatin1String(" ") +
                                 msg.value(QLatin1String("id")).toString() +
                                 msg.value(QLatin1String("text")).toString() + QLatin1String(" [") +
                                 args.join(QLatin1String(", ")) + QLatin1Char(']');
            if (result.value(QLatin1String("level")).toString() == QLatin1String("error"))
                v.errors << line;
            else
                v.warnings << line;
        }
    }
    return v;
}

} // namespace ff::test
