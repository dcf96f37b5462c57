#include "catalogue.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QStandardPaths>

#include <algorithm>

namespace ff::workflow {

QString Catalogue::userRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/workflows");
}

Catalogue Catalogue::standard(const QStringList &extraRoots)
{
    Catalogue c;
    c.load(builtInRoot(), true);
    if (QFileInfo::exists(userRoot()))
        c.load(userRoot());
    for (const QString &root : extraRoots)
        c.load(root);
    return c;
}

void Catalogue::load(const QString &root, bool builtIn)
{
    const QFileInfo info(root);
    if (!info.exists() || !info.isDir()) {
        m_errors.append({root, {}, QStringLiteral("is not a folder")});
        return;
    }
    if (QFileInfo::exists(root + QStringLiteral("/workflow.yaml"))) {
        loadOne(root, builtIn);
        return;
    }
    QStringList folders = QDir(root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &f : std::as_const(folders)) {
        const QString folder = root + QLatin1Char('/') + f;
        if (QFileInfo::exists(folder + QStringLiteral("/workflow.yaml")))
            loadOne(folder, builtIn);
    }
}

void Catalogue::loadOne(const QString &folder, bool builtIn)
{
    const QString file = folder + QStringLiteral("/workflow.yaml");
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        m_errors.append({file, {}, QStringLiteral("cannot be read: %1").arg(f.errorString())});
        return;
    }
    auto m = parseManifest(f.readAll(), file, folder, &m_errors);
    if (!m)
        return;
    if (const WorkflowManifest *existing = find(m->id)) {
        m_errors.append({file, QStringLiteral("id"),
                         QStringLiteral("'%1' is already defined by %2; this one is ignored")
                             .arg(m->id, existing->folder)});
        return;
    }
    m.value().builtIn = builtIn;
    m_workflows.append(std::move(m).value());
}

const WorkflowManifest *Catalogue::find(const QString &id) const
{
    for (const auto &w : m_workflows)
        if (w.id == id)
            return &w;
    return nullptr;
}

QList<const WorkflowManifest *> Catalogue::applicable(const QStringList &projectFiles) const
{
    QList<const WorkflowManifest *> out;
    for (const auto &w : m_workflows)
        if (!w.isComposite() && w.appliesTo(projectFiles))
            out << &w;
    return out;
}

Result<QList<const WorkflowManifest *>> Catalogue::expand(const WorkflowManifest &m,
                                                          const QStringList &projectFiles) const
{
    if (!m.isComposite())
        return QList<const WorkflowManifest *>{&m};
    QList<const WorkflowManifest *> out;
    for (const QString &part : m.composite) {
        if (part == QLatin1String("applicable")) {
            // Fuzzing campaigns need a harness and a time budget: they are run on purpose,
            // never as part of an assessment.
            for (const WorkflowManifest *w : applicable(projectFiles))
                if (w->builtIn && w->category != QLatin1String("fuzzing") && !out.contains(w))
                    out << w;
            continue;
        }
        const WorkflowManifest *w = find(part);
        if (!w)
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("composite workflow %1 names unknown workflow '%2'").arg(m.id, part));
        if (w->isComposite())
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("composite workflow %1 may not include composite %2").arg(m.id, part));
        if (!out.contains(w))
            out << w;
    }
    return out;
}

QString folderHash(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    files.sort();
    const QDir base(folder);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &path : std::as_const(files)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray data = f.readAll();
        hash.addData(base.relativeFilePath(path).toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(QByteArray::number(data.size()));
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(data);
    }
    return QString::fromLatin1(hash.result().toHex().left(16));
}

QStringList listProjectFiles(const QString &root, int limit)
{
    static const QStringList skipped = {QStringLiteral(".git"),  QStringLiteral(".hg"),
                                        QStringLiteral(".svn"),  QStringLiteral("node_modules"),
                                        QStringLiteral(".venv"), QStringLiteral("__pycache__")};
    QStringList out;
    const QDir base(root);
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext() && out.size() < limit) {
        const QString rel = base.relativeFilePath(it.next());
        const QStringList parts = rel.split(QLatin1Char('/'));
        if (std::any_of(parts.cbegin(), parts.cend() - 1,
                        [](const QString &p) { return skipped.contains(p); }))
            continue;
        out << rel;
    }
    out.sort();
    return out;
}

QStringList detectLanguages(const QStringList &relativeFiles)
{
    static const QHash<QString, QString> byExtension = {
        {QStringLiteral("c"), QStringLiteral("c")},
        {QStringLiteral("h"), QStringLiteral("c")},
        {QStringLiteral("cc"), QStringLiteral("c++")},
        {QStringLiteral("cpp"), QStringLiteral("c++")},
        {QStringLiteral("cxx"), QStringLiteral("c++")},
        {QStringLiteral("hpp"), QStringLiteral("c++")},
        {QStringLiteral("hh"), QStringLiteral("c++")},
        {QStringLiteral("py"), QStringLiteral("python")},
        {QStringLiteral("pyw"), QStringLiteral("python")},
        {QStringLiteral("sh"), QStringLiteral("shell")},
        {QStringLiteral("bash"), QStringLiteral("shell")},
        {QStringLiteral("ksh"), QStringLiteral("shell")},
        {QStringLiteral("js"), QStringLiteral("javascript")},
        {QStringLiteral("mjs"), QStringLiteral("javascript")},
        {QStringLiteral("ts"), QStringLiteral("typescript")},
        {QStringLiteral("go"), QStringLiteral("go")},
        {QStringLiteral("rs"), QStringLiteral("rust")},
        {QStringLiteral("java"), QStringLiteral("java")},
        {QStringLiteral("kt"), QStringLiteral("kotlin")},
        {QStringLiteral("rb"), QStringLiteral("ruby")},
        {QStringLiteral("php"), QStringLiteral("php")},
        {QStringLiteral("cs"), QStringLiteral("c#")},
    };
    QSet<QString> found;
    for (const QString &f : relativeFiles) {
        const QString name = f.section(QLatin1Char('/'), -1);
        const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
        if (dot > 0) {
            const QString lang = byExtension.value(name.mid(dot + 1).toLower());
            if (!lang.isEmpty())
                found.insert(lang);
        }
    }
    QStringList out(found.begin(), found.end());
    out.sort();
    return out;
}

} // namespace ff::workflow
