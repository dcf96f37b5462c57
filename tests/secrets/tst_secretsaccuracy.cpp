// The real fuzzforge-secrets binary against the labelled corpus (corpus/, written by
// make_corpus.py): recall and precision overall and by difficulty, redaction of every value,
// the layer and confidence of every finding, and the skip counters (a binary file, a vendored
// folder and an oversized file added to a copy of the corpus).
//
// A finding matches a planted secret by (file, line); several findings on one line count once.
// A finding anywhere else is a false positive, counted once per line. False positives are put
// under a difficulty so that precision can be given by difficulty: a decoy's own class; else a
// decoded layer means hard; else the difficulty the same rule has on the planted secrets it
// found, or medium for a generic rule and easy for a format rule.
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <map>

namespace {

const QString kDetector = QStringLiteral(FF_SECRETS_DETECTOR);
const QString kCorpus = QStringLiteral(FF_SECRETS_CORPUS);
constexpr double kMinRecall = 0.90;
constexpr double kMinPrecision = 0.90;
// The share of decoded secrets that must name the layer that hid them: softer than the
// thresholds above, since a value can sit under two layers (a URL-encoded DSN in a concatenation).
constexpr double kMinLayerAgreement = 0.75;
constexpr qint64 kMaxFileSize = 64 * 1024;
const QStringList kDifficulties = {QStringLiteral("easy"), QStringLiteral("medium"), QStringLiteral("hard")};
const QSet<QString> kLayers = {QStringLiteral("plain"),     QStringLiteral("base64"),
                               QStringLiteral("hex"),       QStringLiteral("url"),
                               QStringLiteral("concat"),    QStringLiteral("reversed"),
                               QStringLiteral("charcodes"), QStringLiteral("escapes")};
const QSet<QString> kConfidences = {QStringLiteral("low"), QStringLiteral("medium"), QStringLiteral("high")};

// Added to the copy of the corpus only; nothing in them may be reported.
const QString kBinaryFile = QStringLiteral("assets/brand/logo.png");
const QString kVendoredDir = QStringLiteral("web/node_modules/");
const QString kLargeFile = QStringLiteral("db/dumps/orders-2024-03.sql");

struct SecretLabel
{
    QString file;
    int line = 0;
    QString kind;
    QString difficulty;
    QString layer;
    QString value;
    QString encoded;
};

struct DecoyLabel
{
    QString file;
    int line = 0;
    QString difficulty;
    QString why;
};

struct Finding
{
    QString file;
    int line = 0;
    QString ruleId;
    QString layer;
    QString confidence;
};

struct Scan
{
    QList<Finding> findings;
    QByteArray sarif;
    QString strings;   // every key and string value of the SARIF, unescaped
    QByteArray output; // the detector's stdout and stderr
    QJsonObject runProperties;
    qint64 elapsedMs = 0;
};

struct Score
{
    int secrets = 0;
    int found = 0;
    int falsePositives = 0;
    double recall() const { return secrets ? double(found) / secrets : 1.0; }
    double precision() const
    {
        return found + falsePositives ? double(found) / (found + falsePositives) : 1.0;
    }
};

using LineKey = QPair<QString, int>;

QString percent(double v)
{
    return QString::number(100.0 * v, 'f', 1) + QLatin1Char('%');
}

void collectStrings(const QJsonValue &v, QString &out)
{
    if (v.isString()) {
        out += v.toString() + QLatin1Char('\n');
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectStrings(e, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            out += it.key() + QLatin1Char('\n');
            collectStrings(it.value(), out);
        }
    }
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(from).relativeFilePath(path);
        if (rel == QLatin1String("labels.json"))
            continue;
        const QString target = to + QLatin1Char('/') + rel;
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(path, target))
            return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSecretsAccuracy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sarifShape();
    void accuracy();
    void accuracyAtLowConfidence();
    void decodedSecretsNameTheirLayer();
    void valuesAreRedacted();
    void skipsBinaryVendoredAndLargeFiles();

private:
    bool loadLabels();
    bool addSkippedFiles();
    bool scan(const QString &minConfidence, Scan &out);
    QString difficultyOfFalsePositive(const Finding &f, const QHash<QString, QString> &ruleDifficulty) const;
    std::map<QString, Score> score(const Scan &s, QStringList &missed, QStringList &falsePositives) const;
    void printTable(const QString &title, const std::map<QString, Score> &scores) const;

    QTemporaryDir m_tmp;
    QString m_tree;
    QList<SecretLabel> m_secrets;
    QHash<LineKey, DecoyLabel> m_decoys;
    QHash<LineKey, SecretLabel> m_secretAt;
    int m_corpusFiles = 0;
    qint64 m_corpusBytes = 0;
    Scan m_medium;
    Scan m_low;
};

bool TestSecretsAccuracy::loadLabels()
{
    const QJsonObject labels =
        QJsonDocument::fromJson(readFile(kCorpus + QStringLiteral("/labels.json"))).object();
    for (const QJsonValue &v : labels.value(QLatin1String("secrets")).toArray()) {
        const QJsonObject o = v.toObject();
        SecretLabel s{
            o.value(QLatin1String("file")).toString(),   o.value(QLatin1String("line")).toInt(),
            o.value(QLatin1String("kind")).toString(),   o.value(QLatin1String("difficulty")).toString(),
            o.value(QLatin1String("layer")).toString(),  o.value(QLatin1String("value")).toString(),
            o.value(QLatin1String("encoded")).toString()};
        m_secretAt.insert({s.file, s.line}, s);
        m_secrets << s;
    }
    for (const QJsonValue &v : labels.value(QLatin1String("decoys")).toArray()) {
        const QJsonObject o = v.toObject();
        DecoyLabel d{o.value(QLatin1String("file")).toString(), o.value(QLatin1String("line")).toInt(),
                     o.value(QLatin1String("difficulty")).toString(),
                     o.value(QLatin1String("why")).toString()};
        m_decoys.insert({d.file, d.line}, d);
    }
    return m_secrets.size() >= 60 && !m_decoys.isEmpty() && m_secretAt.size() == m_secrets.size();
}

// A binary file and a vendored package that both hold copies of planted secrets, and a text file
// over --max-file-size that holds them too: found in any of them, they are false positives.
bool TestSecretsAccuracy::addSkippedFiles()
{
    const QByteArray env = readFile(m_tree + QStringLiteral("/services/api/.env"));
    const QByteArray sql = readFile(m_tree + QStringLiteral("/db/migrations/0007_reporting_roles.sql"));
    const QByteArray js = readFile(m_tree + QStringLiteral("/web/src/api/client.js"));
    if (env.isEmpty() || sql.isEmpty() || js.isEmpty())
        return false;

    QRandomGenerator rng(8);
    QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    for (int i = 0; i < 2048; ++i)
        png += char(i % 7 == 0 ? 0 : rng.bounded(256));
    png += env;
    png += QByteArray(512, '\0');

    QByteArray dump = sql;
    for (int i = 0; dump.size() <= 3 * kMaxFileSize; ++i)
        dump +=
            QStringLiteral("INSERT INTO orders (id, customer, total_cents) VALUES (%1, 'customer-%2', %3);\n")
                .arg(i)
                .arg(rng.bounded(100000))
                .arg(rng.bounded(1000000))
                .toLatin1();
    dump += sql;

    return writeFile(m_tree + QLatin1Char('/') + kBinaryFile, png) &&
           writeFile(m_tree + QLatin1Char('/') + kVendoredDir + QStringLiteral("orders-sdk/index.js"), js) &&
           writeFile(m_tree + QLatin1Char('/') + kVendoredDir + QStringLiteral("orders-sdk/config/.env"),
                     env) &&
           writeFile(m_tree + QLatin1Char('/') + kLargeFile, dump);
}

bool TestSecretsAccuracy::scan(const QString &minConfidence, Scan &out)
{
    const QString sarifPath = m_tmp.filePath(QStringLiteral("findings-%1.sarif").arg(minConfidence));
    QProcess p;
    QElapsedTimer timer;
    timer.start();
    p.start(kDetector,
            {QStringLiteral("--sarif"), sarifPath, QStringLiteral("--min-confidence"), minConfidence,
             QStringLiteral("--max-file-size"), QString::number(kMaxFileSize), m_tree});
    if (!p.waitForFinished(240000) || p.exitStatus() != QProcess::NormalExit) {
        qWarning("fuzzforge-secrets did not finish: %s", qPrintable(p.errorString()));
        return false;
    }
    out.elapsedMs = timer.elapsed();
    out.output = p.readAllStandardOutput() + p.readAllStandardError();
    // 0 whether or not anything was found; 1 and 2 are errors.
    if (p.exitCode() != 0) {
        qWarning("fuzzforge-secrets exited with %d: %s", p.exitCode(), out.output.constData());
        return false;
    }
    out.sarif = readFile(sarifPath);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out.sarif, &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning("the SARIF does not parse: %s", qPrintable(error.errorString()));
        return false;
    }
    collectStrings(doc.object(), out.strings);
    const QJsonObject run = doc.object().value(QLatin1String("runs")).toArray().first().toObject();
    out.runProperties = run.value(QLatin1String("properties")).toObject();
    for (const QJsonValue &v : run.value(QLatin1String("results")).toArray()) {
        const QJsonObject r = v.toObject();
        const QJsonObject physical = r.value(QLatin1String("locations"))
                                         .toArray()
                                         .first()
                                         .toObject()
                                         .value(QLatin1String("physicalLocation"))
                                         .toObject();
        QString uri = QUrl::fromPercentEncoding(physical.value(QLatin1String("artifactLocation"))
                                                    .toObject()
                                                    .value(QLatin1String("uri"))
                                                    .toString()
                                                    .toUtf8());
        if (uri.startsWith(QLatin1String("./")))
            uri.remove(0, 2);
        const QJsonObject props = r.value(QLatin1String("properties")).toObject();
        out.findings << Finding{
            uri, physical.value(QLatin1String("region")).toObject().value(QLatin1String("startLine")).toInt(),
            r.value(QLatin1String("ruleId")).toString(), props.value(QLatin1String("layer")).toString(),
            props.value(QLatin1String("confidence")).toString()};
    }
    return true;
}

QString TestSecretsAccuracy::difficultyOfFalsePositive(const Finding &f,
                                                       const QHash<QString, QString> &ruleDifficulty) const
{
    if (const auto it = m_decoys.constFind({f.file, f.line}); it != m_decoys.constEnd())
        return it->difficulty;
    if (f.layer != QLatin1String("plain"))
        return QStringLiteral("hard");
    if (const auto it = ruleDifficulty.constFind(f.ruleId); it != ruleDifficulty.constEnd())
        return *it;
    return f.ruleId.contains(QLatin1String("generic"), Qt::CaseInsensitive) ? QStringLiteral("medium")
                                                                            : QStringLiteral("easy");
}

std::map<QString, Score> TestSecretsAccuracy::score(const Scan &s, QStringList &missed,
                                                    QStringList &falsePositives) const
{
    std::map<QString, Score> scores;
    QSet<LineKey> found;
    QHash<QString, QHash<QString, int>> ruleVotes; // rule -> difficulty -> plain secrets it found
    for (const Finding &f : s.findings) {
        const auto it = m_secretAt.constFind({f.file, f.line});
        if (it == m_secretAt.constEnd())
            continue;
        found.insert({f.file, f.line});
        if (f.layer == QLatin1String("plain") && it->difficulty != QLatin1String("hard"))
            ++ruleVotes[f.ruleId][it->difficulty];
    }
    QHash<QString, QString> ruleDifficulty;
    for (auto it = ruleVotes.cbegin(); it != ruleVotes.cend(); ++it)
        ruleDifficulty.insert(it.key(),
                              it->value(QStringLiteral("medium")) > it->value(QStringLiteral("easy"))
                                  ? QStringLiteral("medium")
                                  : QStringLiteral("easy"));

    for (const SecretLabel &l : m_secrets) {
        Score &d = scores[l.difficulty];
        ++d.secrets;
        if (found.contains({l.file, l.line}))
            ++d.found;
        else
            missed << QStringLiteral("%1:%2 %3 (%4, %5)")
                          .arg(l.file)
                          .arg(l.line)
                          .arg(l.kind, l.difficulty, l.layer);
    }
    QSet<LineKey> wrongLines;
    for (const Finding &f : s.findings) {
        const LineKey key{f.file, f.line};
        if (m_secretAt.contains(key) || wrongLines.contains(key))
            continue;
        wrongLines.insert(key);
        const QString difficulty = difficultyOfFalsePositive(f, ruleDifficulty);
        ++scores[difficulty].falsePositives;
        const auto decoy = m_decoys.constFind(key);
        falsePositives << QStringLiteral("%1:%2 %3 layer=%4 confidence=%5 [%6] %7")
                              .arg(f.file)
                              .arg(f.line)
                              .arg(f.ruleId, f.layer, f.confidence, difficulty,
                                   decoy != m_decoys.constEnd() ? QStringLiteral("decoy: ") + decoy->why
                                                                : QStringLiteral("unlabelled line"));
    }
    Score all;
    for (const QString &d : kDifficulties) {
        all.secrets += scores[d].secrets;
        all.found += scores[d].found;
        all.falsePositives += scores[d].falsePositives;
    }
    scores[QStringLiteral("overall")] = all;
    return scores;
}

void TestSecretsAccuracy::printTable(const QString &title, const std::map<QString, Score> &scores) const
{
    qInfo("%s", qPrintable(title));
    qInfo("%-10s %8s %6s %8s %7s %10s", "difficulty", "secrets", "found", "recall", "false+", "precision");
    for (const QString &d : kDifficulties + QStringList{QStringLiteral("overall")}) {
        const Score &s = scores.at(d);
        qInfo("%-10s %8d %6d %8s %7d %10s", qPrintable(d), s.secrets, s.found,
              qPrintable(percent(s.recall())), s.falsePositives, qPrintable(percent(s.precision())));
    }
}

void TestSecretsAccuracy::initTestCase()
{
    QVERIFY2(QFileInfo(kDetector).isExecutable(), qPrintable(kDetector));
    QVERIFY(m_tmp.isValid());
    QVERIFY2(loadLabels(), "corpus/labels.json is missing or short");
    m_tree = m_tmp.filePath(QStringLiteral("tree"));
    QVERIFY(copyTree(kCorpus, m_tree));
    QDirIterator it(m_tree, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        ++m_corpusFiles;
        m_corpusBytes += QFileInfo(it.next()).size();
    }
    QVERIFY(m_corpusFiles >= 15);
    QVERIFY(addSkippedFiles());
    QVERIFY(scan(QStringLiteral("medium"), m_medium));
    QVERIFY(scan(QStringLiteral("low"), m_low));
    qInfo("corpus: %d files, %lld bytes, %lld planted secrets, %lld decoys; scan took %lld ms", m_corpusFiles,
          m_corpusBytes, qint64(m_secrets.size()), qint64(m_decoys.size()), m_medium.elapsedMs);
}

void TestSecretsAccuracy::sarifShape()
{
    const QJsonObject doc = QJsonDocument::fromJson(m_medium.sarif).object();
    QCOMPARE(doc.value(QLatin1String("version")).toString(), QStringLiteral("2.1.0"));
    QCOMPARE(doc.value(QLatin1String("runs")).toArray().size(), 1);
    QStringList bad;
    for (const Scan *s : {&m_medium, &m_low})
        for (const Finding &f : s->findings)
            if (f.file.isEmpty() || f.line < 1 || f.ruleId.isEmpty() || !kLayers.contains(f.layer) ||
                !kConfidences.contains(f.confidence))
                bad << QStringLiteral("%1:%2 rule=%3 layer=%4 confidence=%5")
                           .arg(f.file)
                           .arg(f.line)
                           .arg(f.ruleId, f.layer, f.confidence);
    QVERIFY2(bad.isEmpty(), qPrintable(QStringLiteral("results without a rule, location, known layer or "
                                                      "confidence:\n  ") +
                                       bad.join(QStringLiteral("\n  "))));
    for (const Finding &f : m_medium.findings)
        QVERIFY2(f.confidence != QLatin1String("low"),
                 qPrintable(f.file + QLatin1Char(':') + QString::number(f.line)));
}

void TestSecretsAccuracy::accuracy()
{
    QStringList missed, falsePositives;
    const auto scores = score(m_medium, missed, falsePositives);
    printTable(QStringLiteral("fuzzforge-secrets --min-confidence medium on %1 planted secrets and %2 decoys")
                   .arg(m_secrets.size())
                   .arg(m_decoys.size()),
               scores);
    for (const QString &m : std::as_const(missed))
        qInfo("  missed:         %s", qPrintable(m));
    for (const QString &f : std::as_const(falsePositives))
        qInfo("  false positive: %s", qPrintable(f));
    for (const auto &[difficulty, s] : scores) {
        QVERIFY2(s.recall() >= kMinRecall,
                 qPrintable(QStringLiteral("recall (%1) %2").arg(difficulty, percent(s.recall()))));
        QVERIFY2(s.precision() >= kMinPrecision,
                 qPrintable(QStringLiteral("precision (%1) %2").arg(difficulty, percent(s.precision()))));
    }
}

// The workflow's default: placeholders and test values may come back at low confidence. Printed,
// not gated: the gate is the default threshold of the command line.
void TestSecretsAccuracy::accuracyAtLowConfidence()
{
    QStringList missed, falsePositives;
    const auto scores = score(m_low, missed, falsePositives);
    printTable(QStringLiteral("fuzzforge-secrets --min-confidence low (printed, not gated)"), scores);
    for (const QString &f : std::as_const(falsePositives))
        qInfo("  false positive: %s", qPrintable(f));
}

void TestSecretsAccuracy::decodedSecretsNameTheirLayer()
{
    QHash<LineKey, QSet<QString>> layersAt;
    for (const Finding &f : m_medium.findings)
        layersAt[{f.file, f.line}].insert(f.layer);
    int found = 0, agreeing = 0;
    QStringList mismatches;
    for (const SecretLabel &l : std::as_const(m_secrets)) {
        const auto it = layersAt.constFind({l.file, l.line});
        if (l.difficulty != QLatin1String("hard") || it == layersAt.constEnd())
            continue;
        ++found;
        if (it->contains(l.layer))
            ++agreeing;
        else
            mismatches << QStringLiteral("%1:%2 %3 hidden by %4, reported as %5")
                              .arg(l.file)
                              .arg(l.line)
                              .arg(l.kind, l.layer, QStringList(it->values()).join(QLatin1Char(',')));
    }
    qInfo("decoded secrets naming the layer that hid them: %d of %d", agreeing, found);
    for (const QString &m : std::as_const(mismatches))
        qInfo("  %s", qPrintable(m));
    QVERIFY(found > 0);
    QVERIFY2(agreeing >= kMinLayerAgreement * found, qPrintable(mismatches.join(QLatin1Char('\n'))));
}

void TestSecretsAccuracy::valuesAreRedacted()
{
    QStringList leaks;
    for (const Scan *s : {&m_medium, &m_low}) {
        const QString output = QString::fromUtf8(s->output);
        const QString raw = QString::fromUtf8(s->sarif);
        for (const SecretLabel &l : std::as_const(m_secrets))
            for (const QString &v : {l.value, l.encoded})
                if (v.size() >= 12 && (s->strings.contains(v) || raw.contains(v) || output.contains(v)))
                    leaks << QStringLiteral("%1:%2 %3").arg(l.file).arg(l.line).arg(l.kind);
    }
    leaks.removeDuplicates();
    QVERIFY2(leaks.isEmpty(), qPrintable(QStringLiteral("secret values in the SARIF or the output:\n  ") +
                                         leaks.join(QStringLiteral("\n  "))));
}

void TestSecretsAccuracy::skipsBinaryVendoredAndLargeFiles()
{
    const QJsonObject &p = m_medium.runProperties;
    qInfo("run properties: %s", QJsonDocument(p).toJson(QJsonDocument::Compact).constData());
    QCOMPARE(p.value(QLatin1String("filesScanned")).toInteger(), qint64(m_corpusFiles));
    QCOMPARE(p.value(QLatin1String("bytesScanned")).toInteger(), m_corpusBytes);
    QCOMPARE(p.value(QLatin1String("skippedBinary")).toInteger(), qint64(1));
    QVERIFY(p.value(QLatin1String("skippedVendored")).toInteger() >= 1);
    QCOMPARE(p.value(QLatin1String("skippedLarge")).toInteger(), qint64(1));
    for (const Scan *s : {&m_medium, &m_low})
        for (const Finding &f : s->findings)
            QVERIFY2(f.file != kBinaryFile && !f.file.startsWith(kVendoredDir) && f.file != kLargeFile,
                     qPrintable(f.file));
}

QTEST_GUILESS_MAIN(TestSecretsAccuracy)
#include "tst_secretsaccuracy.moc"
