#pragma once

#include <QString>

namespace ff::ui {

// What the analyst can change in Settings, stored with QSettings under versioned keys.
// Empty strings and zeros mean "the default": the environment (DOCKER_HOST,
// FUZZFORGE_DATABASE_URL) or what the engine has.
struct AppSettings
{
    QString dockerHost;      // "unix:///var/run/docker.sock", "tcp://host:2376"; empty: DOCKER_HOST
    QString databaseUrl;     // "sqlite:PATH" or "postgresql://..."; empty: FUZZFORGE_DATABASE_URL
    int maxConcurrent = 0;   // runs at once; 0: the engine's CPUs
    qint64 memoryBudget = 0; // bytes all running runs may use together; 0: the engine's memory less 10%
    double cpuBudget = 0.0;  // CPUs all running runs may use together; 0: every CPU of the engine
    // Limits for workflows whose manifest states none (0: the built-in defaults).
    qint64 defaultMemory = 0;
    double defaultCpus = 0.0;
    int defaultTimeoutSeconds = 0;
    int logBufferLines = 100000; // lines of a run's log kept in memory by the log view
    int storedLogMiB = 8;        // the end of a run's log kept in the history database
    bool keepOnFailure = false;  // keep a failed run's container and volume for `docker exec`
    bool notifyOnFinish = true;  // a desktop notification when a long run ends
    int notifyAfterSeconds = 30; // what "long" means
    QString language;            // "", "en", "de": empty follows the system's locale

    static AppSettings load();
    void save() const;
    friend bool operator==(const AppSettings &, const AppSettings &) = default;
};

} // namespace ff::ui
