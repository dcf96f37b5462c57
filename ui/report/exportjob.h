#pragma once

#include "report/report.h"
#include "util/error.h"

#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>
#include <optional>

namespace ff::ui {

class Session;

// What one export writes: the report of `runIds` (only the findings in `fingerprints`, when
// given) with `options`, in `format`, to `path`.
struct ExportRequest
{
    QStringList runIds;
    std::optional<QSet<QString>> fingerprints;
    report::Options options;
    report::Format format = report::Format::Html;
    QString path;
};

// One export at a time, off the UI thread: a worker of the session collects the report from the
// history (with a connection of its own) and writes it. Progress reaches the UI as queued calls,
// at most one waiting at a time; cancel() makes the writer's next progress report stop it.
class ExportJob : public QObject
{
    Q_OBJECT
public:
    explicit ExportJob(Session *session, QObject *parent = nullptr);
    ~ExportJob() override;

    // False (and nothing started) without a history database or while an export is under way.
    bool start(const ExportRequest &request);
    void cancel();
    bool isRunning() const { return m_state != nullptr; }
    // What went wrong, in the analyst's words: canceled, not writable, or the report's own error.
    static QString describe(const Error &error, const QString &path);

Q_SIGNALS:
    // Entries written of the total; the first one also means the report has been collected.
    void progressed(qint64 done, qint64 total);
    // The export is over: written when `error` is no error; Error::Kind::Canceled when cancel()
    // stopped it.
    void finished(const ff::Error &error);

private:
    struct State;
    void deliverProgress(const std::shared_ptr<State> &state);

    Session *m_session;
    std::shared_ptr<State> m_state; // of the export under way
    qint64 m_lastDone = -1;
    qint64 m_lastTotal = -1;
};

} // namespace ff::ui
