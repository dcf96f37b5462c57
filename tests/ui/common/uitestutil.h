#pragma once

#include "common/session.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace ff::test {

// Settings for a session of a test's own: the machine's engine (DOCKER_HOST or the default
// socket) and an SQLite history in `dir`.
inline ui::AppSettings uiSettings(const QTemporaryDir &dir)
{
    ui::AppSettings s;
    s.databaseUrl = QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("history.db"));
    s.notifyOnFinish = false;
    return s;
}

// A started session, ready (database open, scheduler made) when it is returned.
inline std::unique_ptr<ui::Session> readySession(const ui::AppSettings &settings)
{
    auto session = std::make_unique<ui::Session>(settings);
    QSignalSpy ready(session.get(), &ui::Session::ready);
    session->start();
    if (!ready.wait(30000))
        qWarning("the session did not become ready in 30 s");
    return session;
}

} // namespace ff::test
