#include "appsettings.h"

#include <QSettings>

namespace ff::ui {

namespace {
// Versioned group: a later format gets a new group instead of misreading this one.
const QString kGroup = QStringLiteral("Settings/v1");
} // namespace

AppSettings AppSettings::load()
{
    QSettings s;
    s.beginGroup(kGroup);
    AppSettings a;
    a.dockerHost = s.value(QStringLiteral("dockerHost")).toString();
    a.databaseUrl = s.value(QStringLiteral("databaseUrl")).toString();
    a.maxConcurrent = std::clamp(s.value(QStringLiteral("maxConcurrent"), 0).toInt(), 0, 64);
    a.memoryBudget = std::max<qint64>(0, s.value(QStringLiteral("memoryBudget"), 0).toLongLong());
    a.cpuBudget = std::max(0.0, s.value(QStringLiteral("cpuBudget"), 0.0).toDouble());
    a.defaultMemory = std::max<qint64>(0, s.value(QStringLiteral("defaultMemory"), 0).toLongLong());
    a.defaultCpus = std::max(0.0, s.value(QStringLiteral("defaultCpus"), 0.0).toDouble());
    a.defaultTimeoutSeconds = std::max(0, s.value(QStringLiteral("defaultTimeout"), 0).toInt());
    a.logBufferLines = std::clamp(s.value(QStringLiteral("logBufferLines"), 100000).toInt(), 1000, 10000000);
    a.storedLogMiB = std::clamp(s.value(QStringLiteral("storedLogMiB"), 8).toInt(), 1, 1024);
    a.keepOnFailure = s.value(QStringLiteral("keepOnFailure"), false).toBool();
    a.notifyOnFinish = s.value(QStringLiteral("notifyOnFinish"), true).toBool();
    a.notifyAfterSeconds = std::max(0, s.value(QStringLiteral("notifyAfterSeconds"), 30).toInt());
    a.language = s.value(QStringLiteral("language")).toString();
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.beginGroup(kGroup);
    s.setValue(QStringLiteral("dockerHost"), dockerHost);
    s.setValue(QStringLiteral("databaseUrl"), databaseUrl);
    s.setValue(QStringLiteral("maxConcurrent"), maxConcurrent);
    s.setValue(QStringLiteral("memoryBudget"), memoryBudget);
    s.setValue(QStringLiteral("cpuBudget"), cpuBudget);
    s.setValue(QStringLiteral("defaultMemory"), defaultMemory);
    s.setValue(QStringLiteral("defaultCpus"), defaultCpus);
    s.setValue(QStringLiteral("defaultTimeout"), defaultTimeoutSeconds);
    s.setValue(QStringLiteral("logBufferLines"), logBufferLines);
    s.setValue(QStringLiteral("storedLogMiB"), storedLogMiB);
    s.setValue(QStringLiteral("keepOnFailure"), keepOnFailure);
    s.setValue(QStringLiteral("notifyOnFinish"), notifyOnFinish);
    s.setValue(QStringLiteral("notifyAfterSeconds"), notifyAfterSeconds);
    s.setValue(QStringLiteral("language"), language);
}

} // namespace ff::ui
