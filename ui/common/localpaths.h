#pragma once

#include <QMimeData>
#include <QStringList>
#include <QUrl>

namespace ff::ui {

// The local files and folders among a drag's URLs (the session checks that they are folders it
// can read when they are dropped).
inline QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    const auto urls = mime->urls();
    for (const QUrl &url : urls)
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

} // namespace ff::ui
