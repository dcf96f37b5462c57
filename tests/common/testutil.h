#pragma once

#include "util/await.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTest>

namespace ff::test {

// Folder of the recorded fixtures of the current test directory (set by CTest).
inline QString dataPath(const QString &name)
{
    return qEnvironmentVariable("FUZZFORGE_TEST_DATA") + QLatin1Char('/') + name;
}

inline QByteArray readFixture(const QString &name)
{
    QFile f(dataPath(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

// Waits for a future on a local event loop (see ff::await), failing the test on timeout.
template <typename T> T wait(QFuture<T> future, int timeoutMs = 60000)
{
    return ff::await(std::move(future), timeoutMs);
}

} // namespace ff::test
