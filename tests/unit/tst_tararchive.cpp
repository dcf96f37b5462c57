#include "docker/tararchive.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ff::docker;

namespace {

// A minimal ustar writer, independent of libarchive, for archives that our own pack()
// would never produce: entries named "../x" or "/x", links pointing out of the folder.
QByteArray octal(qint64 value, int width) // width counts the terminating NUL
{
    const QByteArray digits = QByteArray::number(value, 8);
    return QByteArray(width - 1 - digits.size(), '0') + digits + '\0';
}

void fixChecksum(QByteArray &archive, qsizetype at);

QByteArray tarHeader(const QByteArray &name, char type, qint64 size, const QByteArray &link = {},
                     int mode = 0644)
{
    QByteArray h(512, '\0');
    const auto put = [&h](int offset, const QByteArray &bytes) {
        h.replace(offset, bytes.size(), bytes);
    };
    put(0, name.left(100));
    put(100, octal(mode, 8));
    put(108, octal(0, 8));
    put(116, octal(0, 8));
    put(124, octal(size, 12));
    put(136, octal(0, 12));
    h[156] = type;
    put(157, link.left(100));
    put(257, QByteArrayLiteral("ustar\0"
                               "00"));
    fixChecksum(h, 0);
    return h;
}

QByteArray tarFile(const QByteArray &name, const QByteArray &data)
{
    const qsizetype padding = (512 - data.size() % 512) % 512;
    return tarHeader(name, '0', data.size()) + data + QByteArray(padding, '\0');
}

// The entries, then the two zero blocks that end an archive.
QByteArray tarArchive(std::initializer_list<QByteArray> entries)
{
    QByteArray out;
    for (const QByteArray &e : entries)
        out += e;
    return out + QByteArray(1024, '\0');
}

// The checksum counts its own field as blanks.
void fixChecksum(QByteArray &archive, qsizetype at)
{
    archive.replace(at + 148, 8, QByteArray(8, ' '));
    int sum = 0;
    for (qsizetype i = at; i < at + 512; ++i)
        sum += static_cast<uchar>(archive.at(i));
    archive.replace(at + 148, 8, QByteArray(octal(sum, 7) + ' '));
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// Every path under root, relative, so a test can tell what an extraction added.
QStringList listTree(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(root).relativeFilePath(it.next());
    out.sort();
    return out;
}

QString withoutTrailingSlash(QString path)
{
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

QList<tar::Entry> sampleEntries()
{
    QByteArray binary(3000, '\0');
    for (qsizetype i = 0; i < binary.size(); ++i)
        binary[i] = static_cast<char>(i * 7);
    return {
        tar::Entry{QStringLiteral("bin"), {}, 0755, true, {}},
        tar::Entry{QStringLiteral("bin/run.sh"), QByteArrayLiteral("#!/bin/sh\necho hi\n"), 0755, false, {}},
        tar::Entry{QStringLiteral("data.bin"), binary, 0600, false, {}},
        tar::Entry{QStringLiteral("empty"), {}, 0644, false, {}},
        tar::Entry{QStringLiteral("run"), {}, 0644, false, QStringLiteral("bin/run.sh")},
        tar::Entry{QStringLiteral("\u00fcml\u00e4ut.txt"), QByteArrayLiteral("utf-8 name"), 0644, false, {}},
        // Longer than ustar's 100-byte name field: needs the pax extension.
        tar::Entry{QStringLiteral("deep/") + QString(120, QLatin1Char('n')),
                   QByteArrayLiteral("long"),
                   0644,
                   false,
                   {}},
    };
}

} // namespace

class TestTarArchive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void packUnpackRoundTrip();
    void packDirectoryIsDeterministic();
    void packDirectoryRefuses();
    void extractRoundTrip();
    void extractRefusesEscapes_data();
    void extractRefusesEscapes();
    void truncated_data();
    void truncated();
    void unpackSizeLimit();
    void unpackRefusesLyingSize();
};

void TestTarArchive::packUnpackRoundTrip()
{
    const QList<tar::Entry> entries = sampleEntries();
    const auto archive = tar::pack(entries);
    QVERIFY2(archive.ok(), qPrintable(archive.error().toString()));
    QCOMPARE(archive.value().size() % 512, 0);

    const auto unpacked = tar::unpack(archive.value());
    QVERIFY2(unpacked.ok(), qPrintable(unpacked.error().toString()));
    QCOMPARE(unpacked->size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const tar::Entry &want = entries.at(i);
        const tar::Entry &got = unpacked->at(i);
        QCOMPARE(withoutTrailingSlash(got.path), want.path);
        QCOMPARE(got.directory, want.directory);
        QCOMPARE(got.linkTarget, want.linkTarget);
        QCOMPARE(got.data, want.data);
        if (want.directory)
            QCOMPARE(got.mode, 0755);
        else if (want.linkTarget.isEmpty())
            QCOMPARE(got.mode, want.mode);
    }
}

void TestTarArchive::packDirectoryIsDeterministic()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("src/nested")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("Dockerfile")), QByteArrayLiteral("FROM scratch\n")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral(".dockerignore")), QByteArrayLiteral("*.o\n")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("src/nested/a.c")), QByteArrayLiteral("int a;\n")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("src/b.c")), QByteArrayLiteral("int b;\n")));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("build.sh")), QByteArrayLiteral("#!/bin/sh\n")));
    QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("build.sh")),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                      QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    // Relative, as written: the archive keeps the link, not what it points to.
    QVERIFY(QFile::link(QStringLiteral("src/b.c"), dir.filePath(QStringLiteral("link.c"))));

    const auto first = tar::packDirectory(dir.path());
    QVERIFY2(first.ok(), qPrintable(first.error().toString()));

    // Touching the files changes no byte: times are not recorded.
    QFile touched(dir.filePath(QStringLiteral("src/b.c")));
    QVERIFY(touched.open(QIODevice::ReadWrite));
    QVERIFY(
        touched.setFileTime(QDateTime::currentDateTimeUtc().addDays(-3), QFileDevice::FileModificationTime));
    touched.close();
    const auto second = tar::packDirectory(dir.path());
    QVERIFY(second.ok());
    QVERIFY(first.value() == second.value());

    const auto entries = tar::unpack(first.value());
    QVERIFY(entries.ok());
    QStringList paths;
    for (const tar::Entry &e : entries.value())
        paths << withoutTrailingSlash(e.path);
    // Sorted, relative, hidden files included.
    QCOMPARE(paths, QStringList({QStringLiteral(".dockerignore"), QStringLiteral("Dockerfile"),
                                 QStringLiteral("build.sh"), QStringLiteral("link.c"), QStringLiteral("src"),
                                 QStringLiteral("src/b.c"), QStringLiteral("src/nested"),
                                 QStringLiteral("src/nested/a.c")}));
    for (const tar::Entry &e : entries.value()) {
        if (e.path == QLatin1String("build.sh"))
            QCOMPARE(e.mode, 0755);
        if (e.path == QLatin1String("Dockerfile")) {
            QCOMPARE(e.mode, 0644);
            QCOMPARE(e.data, QByteArrayLiteral("FROM scratch\n"));
        }
        if (e.path == QLatin1String("link.c")) {
            QCOMPARE(e.linkTarget, QStringLiteral("src/b.c"));
            QVERIFY(e.data.isEmpty());
        }
    }
}

void TestTarArchive::packDirectoryRefuses()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto missing = tar::packDirectory(dir.filePath(QStringLiteral("missing")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, Error::Kind::InvalidArgument);

    QVERIFY(writeFile(dir.filePath(QStringLiteral("file")), QByteArrayLiteral("x")));
    const auto file = tar::packDirectory(dir.filePath(QStringLiteral("file")));
    QVERIFY(!file.ok());
    QCOMPARE(file.error().kind, Error::Kind::InvalidArgument);
}

void TestTarArchive::extractRoundTrip()
{
    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString dest = root.filePath(QStringLiteral("out/nested"));
    const QList<tar::Entry> entries = sampleEntries();

    const auto written = tar::extract(tar::pack(entries).value(), dest);
    QVERIFY2(written.ok(), qPrintable(written.error().toString()));
    QCOMPARE(written->size(), entries.size());

    const QDir d(dest);
    QVERIFY(QFileInfo(d.filePath(QStringLiteral("bin"))).isDir());
    QCOMPARE(readAll(d.filePath(QStringLiteral("bin/run.sh"))), entries.at(1).data);
    QVERIFY(QFileInfo(d.filePath(QStringLiteral("bin/run.sh"))).isExecutable());
    QCOMPARE(readAll(d.filePath(QStringLiteral("data.bin"))), entries.at(2).data);
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(d.filePath(QStringLiteral("data.bin"))).constData(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QVERIFY(QFileInfo::exists(d.filePath(QStringLiteral("empty"))));
    QCOMPARE(QFileInfo(d.filePath(QStringLiteral("run"))).symLinkTarget(),
             d.filePath(QStringLiteral("bin/run.sh")));
    QCOMPARE(readAll(d.filePath(QStringLiteral("\u00fcml\u00e4ut.txt"))), QByteArrayLiteral("utf-8 name"));
    QCOMPARE(readAll(d.filePath(entries.last().path)), QByteArrayLiteral("long"));
    // Nothing beside the destination.
    QStringList outside = listTree(root.path());
    outside.removeIf(
        [](const QString &p) { return p == QLatin1String("out") || p.startsWith(QLatin1String("out/")); });
    QCOMPARE(outside, QStringList());
}

void TestTarArchive::extractRefusesEscapes_data()
{
    QTest::addColumn<QByteArray>("archive");

    QTest::addRow("dot-dot") << tarArchive({tarFile("../evil", "pwned")});
    QTest::addRow("dot-dot inside") << tarArchive({tarFile("sub/../../evil", "pwned")});
    QTest::addRow("good then dot-dot")
        << tarArchive({tarFile("fine.txt", "ok"), tarFile("../evil", "pwned")});
    // "@ROOT@" stands for the test's temporary folder, which holds dest.
    QTest::addRow("absolute") << tarArchive({tarFile("@ROOT@/evil", "pwned")});
    QTest::addRow("dot-dot dir") << tarArchive({tarHeader("../evil-dir/", '5', 0, {}, 0755)});
    // A link out of dest, then a file written through it.
    QTest::addRow("symlink absolute")
        << tarArchive({tarHeader("link", '2', 0, "@ROOT@"), tarFile("link/evil", "pwned")});
    QTest::addRow("symlink relative")
        << tarArchive({tarHeader("link", '2', 0, ".."), tarFile("link/evil", "pwned")});
    // A hard link to a file outside, then data written into it.
    QTest::addRow("hardlink absolute")
        << tarArchive({tarHeader("hl", '1', 0, "@ROOT@/secret"), tarFile("hl", "pwned")});
    QTest::addRow("hardlink dot-dot")
        << tarArchive({tarHeader("hl", '1', 0, "../secret"), tarFile("hl", "pwned")});
}

void TestTarArchive::extractRefusesEscapes()
{
    QFETCH(QByteArray, archive);

    QTemporaryDir root;
    QVERIFY(root.isValid());
    // A short root keeps "@ROOT@/..." inside ustar's 100-byte name field.
    QVERIFY(root.path().size() < 80);
    const QByteArray placeholder = QByteArrayLiteral("@ROOT@");
    const QByteArray rootPath = QFile::encodeName(root.path());
    for (qsizetype at = 0; at + 512 <= archive.size(); at += 512) {
        // Only headers hold the placeholder; the replacement must keep the 512-byte blocks.
        QByteArray header = archive.mid(at, 512);
        if (!header.contains(placeholder))
            continue;
        for (const int field : {0, 157}) {
            QByteArray name = header.mid(field, 100);
            name.replace(placeholder, rootPath);
            header.replace(field, 100, name.left(100));
        }
        archive.replace(at, 512, header);
        fixChecksum(archive, at);
    }
    QVERIFY(writeFile(root.filePath(QStringLiteral("secret")), QByteArrayLiteral("secret")));
    const QString dest = root.filePath(QStringLiteral("dest"));

    const auto written = tar::extract(archive, dest);
    QVERIFY2(!written.ok(), written.ok() ? qPrintable(written.value().join(QLatin1Char(','))) : "");
    QVERIFY(!written.error().message.isEmpty());

    // Whatever was written stayed in dest, and the file outside is untouched.
    QStringList outside = listTree(root.path());
    outside.removeIf(
        [](const QString &p) { return p == QLatin1String("dest") || p.startsWith(QLatin1String("dest/")); });
    QCOMPARE(outside, QStringList{QStringLiteral("secret")});
    QCOMPARE(readAll(root.filePath(QStringLiteral("secret"))), QByteArrayLiteral("secret"));
    struct stat st;
    QCOMPARE(::stat(QFile::encodeName(root.filePath(QStringLiteral("secret"))).constData(), &st), 0);
    QCOMPARE(st.st_nlink, nlink_t(1));
}

void TestTarArchive::truncated_data()
{
    QTest::addColumn<qsizetype>("keep");
    // sampleEntries() packs to headers at 0, 512, 1536 (data.bin, 3000 bytes), 5120, 5632, a
    // pax header at 6144, 7168, a pax header at 8192 and the long name at 9216. A cut exactly
    // between two entries looks like an archive without its end blocks, which tar readers
    // accept; the HTTP framing is what catches that, so the cuts here fall inside entries.
    QTest::addRow("in first header") << qsizetype(100);
    QTest::addRow("in file data") << qsizetype(1536 + 512 + 1000);
    QTest::addRow("in pax header data") << qsizetype(6144 + 512 + 20);
    QTest::addRow("in last entry data") << qsizetype(9216 + 512 + 2);
}

void TestTarArchive::truncated()
{
    QFETCH(qsizetype, keep);
    const QByteArray whole = tar::pack(sampleEntries()).value();
    QCOMPARE(whole.size(), 11264);
    const QByteArray archive = whole.left(keep);

    const auto unpacked = tar::unpack(archive);
    QVERIFY(!unpacked.ok());
    QVERIFY(!unpacked.error().message.isEmpty());

    QTemporaryDir root;
    QVERIFY(root.isValid());
    const auto written = tar::extract(archive, root.filePath(QStringLiteral("dest")));
    QVERIFY(!written.ok());
    QVERIFY(!written.error().message.isEmpty());
}

void TestTarArchive::unpackSizeLimit()
{
    const QByteArray archive = tar::pack(sampleEntries()).value();
    qint64 total = 0;
    for (const tar::Entry &e : sampleEntries())
        total += e.data.size();

    QVERIFY(tar::unpack(archive, total).ok());
    const auto over = tar::unpack(archive, total - 1);
    QVERIFY(!over.ok());
    QVERIFY2(over.error().message.contains(QString::number(total - 1)), qPrintable(over.error().message));
}

void TestTarArchive::unpackRefusesLyingSize()
{
    // A header that claims 4 GiB must be refused before anything that large is allocated.
    const QByteArray archive = tarArchive({tarHeader("big", '0', qint64(4) << 30), QByteArray(512, 'x')});
    const auto r = tar::unpack(archive, 1024 * 1024);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().kind, Error::Kind::Io);
}

QTEST_GUILESS_MAIN(TestTarArchive)
#include "tst_tararchive.moc"
