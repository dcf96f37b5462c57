#include "manifest.h"

#include "findings/parsers.h"
#include "fuzz/fuzzstats.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace ff::workflow {

QString ManifestError::toString() const
{
    return field.isEmpty() ? QStringLiteral("%1: %2").arg(file, reason)
                           : QStringLiteral("%1: field '%2': %3").arg(file, field, reason);
}

QString ParameterSpec::typeName(Type type)
{
    switch (type) {
    case Type::String:
        return QStringLiteral("string");
    case Type::Integer:
        return QStringLiteral("integer");
    case Type::Number:
        return QStringLiteral("number");
    case Type::Boolean:
        return QStringLiteral("boolean");
    case Type::Enum:
        return QStringLiteral("enum");
    }
    return QStringLiteral("string");
}

Result<QString> ParameterSpec::validate(const QString &value) const
{
    auto bad = [this](const QString &why) {
        return Error::make(Error::Kind::InvalidArgument, QStringLiteral("parameter %1: %2").arg(name, why));
    };
    auto checkRange = [&](double v) -> Error {
        if (min && v < *min)
            return bad(QStringLiteral("%1 is below the minimum %2").arg(value).arg(*min));
        if (max && v > *max)
            return bad(QStringLiteral("%1 is above the maximum %2").arg(value).arg(*max));
        return {};
    };
    switch (type) {
    case Type::String:
        // Values reach a command line as one argument each; control characters have no place there.
        for (const QChar c : value)
            if (c.category() == QChar::Other_Control)
                return bad(QStringLiteral("control characters are not allowed"));
        return value;
    case Type::Integer: {
        bool ok = false;
        const qlonglong v = value.trimmed().toLongLong(&ok);
        if (!ok)
            return bad(QStringLiteral("'%1' is not a whole number").arg(value));
        if (Error e = checkRange(static_cast<double>(v)))
            return e;
        return QString::number(v);
    }
    case Type::Number: {
        bool ok = false;
        const double v = value.trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(v))
            return bad(QStringLiteral("'%1' is not a number").arg(value));
        if (Error e = checkRange(v))
            return e;
        return QString::number(v);
    }
    case Type::Boolean: {
        const QString v = value.trimmed().toLower();
        if (v == QLatin1String("true") || v == QLatin1String("yes") || v == QLatin1String("1") ||
            v == QLatin1String("on"))
            return QStringLiteral("true");
        if (v == QLatin1String("false") || v == QLatin1String("no") || v == QLatin1String("0") ||
            v == QLatin1String("off"))
            return QStringLiteral("false");
        return bad(QStringLiteral("'%1' is not true or false").arg(value));
    }
    case Type::Enum:
        if (!allowed.contains(value))
            return bad(
                QStringLiteral("'%1' is not one of: %2").arg(value, allowed.join(QStringLiteral(", "))));
        return value;
    }
    return value;
}

const ParameterSpec *WorkflowManifest::parameter(const QString &parameterName) const
{
    for (const auto &p : parameters)
        if (p.name == parameterName)
            return &p;
    return nullptr;
}

Result<QMap<QString, QString>> WorkflowManifest::resolveParameters(const QMap<QString, QString> &values) const
{
    QMap<QString, QString> out;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (!parameter(it.key()))
            return Error::make(
                Error::Kind::InvalidArgument,
                QStringLiteral("workflow %1 has no parameter '%2' (it has: %3)").arg(id, it.key(), [this] {
                    QStringList names;
                    for (const auto &p : parameters)
                        names << p.name;
                    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
                }()));
    }
    for (const auto &p : parameters) {
        auto v = p.validate(values.value(p.name, p.defaultValue));
        if (!v)
            return Error::make(Error::Kind::InvalidArgument,
                               QStringLiteral("workflow %1: %2").arg(id, v.error().message));
        out.insert(p.name, v.value());
    }
    return out;
}

QStringList WorkflowManifest::substitute(const QMap<QString, QString> &values) const
{
    return substituteArguments(command, values);
}

QStringList WorkflowManifest::substituteReproduce(const QMap<QString, QString> &values) const
{
    return substituteArguments(reproduce, values);
}

QStringList WorkflowManifest::substituteArguments(const QStringList &arguments,
                                                  const QMap<QString, QString> &values)
{
    static const QRegularExpression placeholder(
        QStringLiteral("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\}\\}"));
    QStringList out;
    for (const QString &arg : arguments) {
        QString result;
        qsizetype last = 0;
        auto it = placeholder.globalMatch(arg);
        while (it.hasNext()) {
            const auto m = it.next();
            result += arg.mid(last, m.capturedStart() - last);
            result += values.value(m.captured(1));
            last = m.capturedEnd();
        }
        result += arg.mid(last);
        out << result;
    }
    return out;
}

bool WorkflowManifest::appliesTo(const QStringList &relativeFiles) const
{
    QList<QRegularExpression> patterns;
    for (const QString &g : globs)
        patterns << QRegularExpression(QRegularExpression::wildcardToRegularExpression(
            g, QRegularExpression::UnanchoredWildcardConversion));
    for (const QString &file : relativeFiles) {
        const QString fileName = file.section(QLatin1Char('/'), -1);
        for (const auto &re : patterns) {
            const auto m = re.match(fileName);
            if (m.hasMatch() && m.capturedLength() == fileName.size())
                return true;
        }
    }
    return false;
}

qint64 parseByteSize(const QString &text, bool *ok)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(?:i?b)?\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(text);
    *ok = m.hasMatch();
    if (!*ok)
        return 0;
    double v = m.captured(1).toDouble();
    const QString unit = m.captured(2).toLower();
    const int shift = unit == QLatin1String("k")   ? 10
                      : unit == QLatin1String("m") ? 20
                      : unit == QLatin1String("g") ? 30
                      : unit == QLatin1String("t") ? 40
                                                   : 0;
    v *= std::pow(2.0, shift);
    return static_cast<qint64>(v);
}

int parseDurationSeconds(const QString &text, bool *ok)
{
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+)\\s*([smh]?)\\s*$"));
    const auto m = re.match(text);
    *ok = m.hasMatch();
    if (!*ok)
        return 0;
    const int v = m.captured(1).toInt();
    const QString unit = m.captured(2);
    return unit == QLatin1String("m") ? v * 60 : unit == QLatin1String("h") ? v * 3600 : v;
}

namespace {

QString str(const YAML::Node &n)
{
    return n && n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

class Reader
{
public:
    Reader(QString file, QList<ManifestError> *errors)
        : m_file(std::move(file))
        , m_errors(errors)
    {}
    void error(const QString &field, const QString &reason)
    {
        ++m_count;
        if (m_errors)
            m_errors->append({m_file, field, reason});
    }
    int count() const { return m_count; }
    QString requireString(const YAML::Node &root, const char *key)
    {
        const YAML::Node n = root[key];
        if (!n) {
            error(QLatin1String(key), QStringLiteral("is required"));
            return {};
        }
        if (!n.IsScalar() || n.Scalar().empty()) {
            error(QLatin1String(key), QStringLiteral("must be a non-empty string"));
            return {};
        }
        return str(n);
    }
    QStringList stringList(const YAML::Node &n, const QString &field)
    {
        QStringList out;
        if (!n)
            return out;
        if (!n.IsSequence()) {
            error(field, QStringLiteral("must be a list of strings"));
            return out;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            if (!n[i].IsScalar()) {
                error(QStringLiteral("%1[%2]").arg(field).arg(i), QStringLiteral("must be a string"));
                continue;
            }
            out << str(n[i]);
        }
        return out;
    }

private:
    QString m_file;
    QList<ManifestError> *m_errors;
    int m_count = 0;
};

void readParameters(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        r.error(QStringLiteral("parameters"), QStringLiteral("must be a map of name to definition"));
        return;
    }
    static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (auto it = node.begin(); it != node.end(); ++it) {
        ParameterSpec p;
        p.name = QString::fromStdString(it->first.as<std::string>());
        const QString field = QStringLiteral("parameters.") + p.name;
        if (!nameRe.match(p.name).hasMatch()) {
            r.error(field, QStringLiteral("a parameter name is letters, digits and _"));
            continue;
        }
        const YAML::Node def = it->second;
        if (!def.IsMap()) {
            r.error(field, QStringLiteral("must be a map with type, default, ..."));
            continue;
        }
        const QString type = str(def["type"]).isEmpty() ? QStringLiteral("string") : str(def["type"]);
        static const QMap<QString, ParameterSpec::Type> types = {
            {QStringLiteral("string"), ParameterSpec::Type::String},
            {QStringLiteral("integer"), ParameterSpec::Type::Integer},
            {QStringLiteral("number"), ParameterSpec::Type::Number},
            {QStringLiteral("boolean"), ParameterSpec::Type::Boolean},
            {QStringLiteral("enum"), ParameterSpec::Type::Enum},
        };
        if (!types.contains(type)) {
            r.error(field + QStringLiteral(".type"),
                    QStringLiteral("'%1' is not one of string, integer, number, boolean, enum").arg(type));
            continue;
        }
        p.type = types.value(type);
        p.description = str(def["description"]);
        p.allowed = r.stringList(def["allowed"], field + QStringLiteral(".allowed"));
        if (p.type == ParameterSpec::Type::Enum && p.allowed.isEmpty()) {
            r.error(field + QStringLiteral(".allowed"),
                    QStringLiteral("an enum needs a list of allowed values"));
            continue;
        }
        for (const char *bound : {"min", "max"}) {
            if (!def[bound])
                continue;
            bool ok = false;
            const double v = str(def[bound]).toDouble(&ok);
            if (!ok) {
                r.error(field + QLatin1Char('.') + QLatin1String(bound), QStringLiteral("must be a number"));
                continue;
            }
            (qstrcmp(bound, "min") == 0 ? p.min : p.max) = v;
        }
        if (!def["default"]) {
            r.error(field + QStringLiteral(".default"), QStringLiteral("is required"));
            continue;
        }
        const auto checked = p.validate(str(def["default"]));
        if (!checked) {
            r.error(field + QStringLiteral(".default"), checked.error().message);
            continue;
        }
        p.defaultValue = checked.value();
        m.parameters << p;
    }
}

void readResources(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        r.error(QStringLiteral("resources"), QStringLiteral("must be a map"));
        return;
    }
    bool ok = true;
    m.resources.memoryStated = bool(node["memory"]);
    m.resources.cpusStated = bool(node["cpus"]);
    m.resources.timeoutStated = bool(node["timeout"]);
    if (node["memory"]) {
        m.resources.memoryBytes = parseByteSize(str(node["memory"]), &ok);
        if (!ok || m.resources.memoryBytes < 6 * 1024 * 1024)
            r.error(
                QStringLiteral("resources.memory"),
                QStringLiteral("'%1' is not a size of at least 6m (e.g. 512m, 2g)").arg(str(node["memory"])));
    }
    if (node["cpus"]) {
        m.resources.cpus = str(node["cpus"]).toDouble(&ok);
        if (!ok || m.resources.cpus <= 0.0 || m.resources.cpus > 1024)
            r.error(QStringLiteral("resources.cpus"), QStringLiteral("must be a positive number"));
    }
    if (node["pids"]) {
        m.resources.pids = str(node["pids"]).toInt(&ok);
        if (!ok || m.resources.pids < 8)
            r.error(QStringLiteral("resources.pids"), QStringLiteral("must be a whole number of at least 8"));
    }
    if (node["timeout"]) {
        m.resources.timeoutSeconds = parseDurationSeconds(str(node["timeout"]), &ok);
        if (!ok || m.resources.timeoutSeconds <= 0)
            r.error(
                QStringLiteral("resources.timeout"),
                QStringLiteral("'%1' is not a duration (e.g. 600, 90s, 15m, 2h)").arg(str(node["timeout"])));
    }
    if (node["results"]) {
        m.resources.resultsBytes = parseByteSize(str(node["results"]), &ok);
        if (!ok || m.resources.resultsBytes < 1024 ||
            m.resources.resultsBytes > ResourceSpec::kMaxResultsBytes)
            r.error(QStringLiteral("resources.results"),
                    QStringLiteral("'%1' is not a size from 1k to 1g (e.g. 64m)").arg(str(node["results"])));
    }
}

void readOutputs(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsSequence()) {
        r.error(QStringLiteral("outputs"), QStringLiteral("must be a list"));
        return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
        const QString field = QStringLiteral("outputs[%1]").arg(i);
        const YAML::Node o = node[i];
        if (!o.IsMap()) {
            r.error(field, QStringLiteral("must be a map with path, parser, tool"));
            continue;
        }
        OutputSpec out;
        out.path = str(o["path"]);
        out.parser = str(o["parser"]);
        out.tool = str(o["tool"]);
        out.optional = str(o["optional"]) == QLatin1String("true");
        const QString clean = QDir::cleanPath(out.path);
        if (out.path.isEmpty() || clean.startsWith(QLatin1Char('/')) || clean.startsWith(QLatin1String("..")))
            r.error(field + QStringLiteral(".path"),
                    QStringLiteral("must be a file under /results, given relative"));
        else if (!findings::parserFor(out.parser))
            r.error(field + QStringLiteral(".parser"),
                    QStringLiteral("'%1' is not one of: %2")
                        .arg(out.parser, findings::parserIds().join(QStringLiteral(", "))));
        else {
            out.path = clean;
            if (out.tool.isEmpty())
                out.tool = out.parser.section(QLatin1Char('-'), 0, 0);
            m.outputs << out;
        }
    }
}

void readScratch(const YAML::Node &node, WorkflowManifest &m, Reader &r)
{
    if (!node)
        return;
    if (!node.IsMap()) {
        r.error(QStringLiteral("scratch"), QStringLiteral("must be a map with size and exec"));
        return;
    }
    if (node["size"]) {
        bool ok = false;
        const qint64 size = parseByteSize(str(node["size"]), &ok);
        if (!ok || size < 1024 * 1024)
            r.error(
                QStringLiteral("scratch.size"),
                QStringLiteral("'%1' is not a size of at least 1m (e.g. 256m, 1g)").arg(str(node["size"])));
        else
            m.scratch.sizeBytes = size;
    }
    if (node["exec"]) {
        const QString v = str(node["exec"]);
        if (v == QLatin1String("true"))
            m.scratch.exec = true;
        else if (v == QLatin1String("false"))
            m.scratch.exec = false;
        else
            r.error(QStringLiteral("scratch.exec"), QStringLiteral("'%1' is not true or false").arg(v));
    }
}

void readFuzzing(const YAML::Node &root, WorkflowManifest &m, Reader &r)
{
    if (const YAML::Node c = root["corpus"]) {
        const QString path = str(c);
        const QString clean = QDir::cleanPath(path);
        static const QStringList taken{QStringLiteral("/"), QStringLiteral("/target"),
                                       QStringLiteral("/results"), QStringLiteral("/tmp")};
        if (!c.IsScalar() || path.isEmpty() || !clean.startsWith(QLatin1Char('/')))
            r.error(QStringLiteral("corpus"),
                    QStringLiteral("must be an absolute path in the container (e.g. /corpus)"));
        else if (taken.contains(clean) || clean.startsWith(QLatin1String("/target/")) ||
                 clean.startsWith(QLatin1String("/results/")) || clean.startsWith(QLatin1String("/tmp/")))
            r.error(
                QStringLiteral("corpus"),
                QStringLiteral("'%1' is taken: /target, /results and /tmp are mounted already").arg(path));
        else if (!m.parameter(QStringLiteral("harness")))
            r.error(
                QStringLiteral("corpus"),
                QStringLiteral("needs a parameter 'harness': the corpus is kept per project and harness"));
        else
            m.corpus = clean;
    }
    readScratch(root["scratch"], m, r);
    if (const YAML::Node st = root["statistics"]) {
        const QString engine = str(st);
        if (!fuzz::StatsParser::knowsEngine(engine))
            r.error(QStringLiteral("statistics"),
                    QStringLiteral("'%1' is not an engine the statistics are read for (libfuzzer, afl)")
                        .arg(engine));
        else
            m.statistics = engine;
    }
    if (const YAML::Node rep = root["reproduce"]) {
        m.reproduce = r.stringList(rep, QStringLiteral("reproduce"));
        if (m.reproduce.isEmpty())
            r.error(QStringLiteral("reproduce"),
                    QStringLiteral("must be the command to run, as a non-empty list"));
    }
}

} // namespace

Result<WorkflowManifest> parseManifest(const QByteArray &yaml, const QString &file, const QString &folder,
                                       QList<ManifestError> *errors)
{
    Reader r(file, errors);
    YAML::Node root;
    try {
        root = YAML::Load(yaml.toStdString());
    } catch (const YAML::Exception &e) {
        r.error({}, QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.what())));
        return Error::make(Error::Kind::Parse, QStringLiteral("%1: not valid YAML").arg(file));
    }
    if (!root.IsMap()) {
        r.error({}, QStringLiteral("the manifest must be a YAML map"));
        return Error::make(Error::Kind::Parse, QStringLiteral("%1: not a YAML map").arg(file));
    }
    WorkflowManifest m;
    m.folder = folder;
    try {
        static const QRegularExpression idRe(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,62}$"));
        m.id = r.requireString(root, "id");
        if (!m.id.isEmpty() && !idRe.match(m.id).hasMatch())
            r.error(QStringLiteral("id"),
                    QStringLiteral("'%1' must be lowercase letters, digits, '.', '_' or '-'").arg(m.id));
        m.name = r.requireString(root, "name");
        m.version = r.requireString(root, "version");
        static const QRegularExpression versionRe(
            QStringLiteral("^\\d+(\\.\\d+){0,2}([-+][0-9A-Za-z.-]+)?$"));
        if (!m.version.isEmpty() && !versionRe.match(m.version).hasMatch())
            r.error(QStringLiteral("version"),
                    QStringLiteral("'%1' is not a version like 1.2.0").arg(m.version));
        m.description = str(root["description"]);
        m.category = str(root["category"]).isEmpty() ? QStringLiteral("other") : str(root["category"]);

        if (const YAML::Node c = root["composite"]) {
            m.composite = c.IsScalar() ? QStringList{str(c)} : r.stringList(c, QStringLiteral("composite"));
            if (m.composite.isEmpty())
                r.error(QStringLiteral("composite"),
                        QStringLiteral("must be 'applicable' or a list of workflow ids"));
        } else {
            const YAML::Node image = root["image"];
            if (!image || !image.IsMap()) {
                r.error(QStringLiteral("image"),
                        QStringLiteral("is required: a map with 'build: FOLDER' or 'reference: IMAGE'"));
            } else if (image["reference"]) {
                m.imageReference = str(image["reference"]);
                if (m.imageReference.isEmpty())
                    r.error(QStringLiteral("image.reference"), QStringLiteral("must name an image"));
            } else {
                const QString build = image["build"] ? str(image["build"]) : QStringLiteral(".");
                const QString clean = QDir::cleanPath(build);
                if (clean.startsWith(QLatin1Char('/')) || clean.startsWith(QLatin1String("..")))
                    r.error(QStringLiteral("image.build"),
                            QStringLiteral("must be a folder inside the workflow's folder"));
                m.buildContext = QDir::cleanPath(folder + QLatin1Char('/') + clean);
                if (image["dockerfile"])
                    m.dockerfile = str(image["dockerfile"]);
                if (!folder.isEmpty() && !QFileInfo::exists(m.buildContext + QLatin1Char('/') + m.dockerfile))
                    r.error(QStringLiteral("image.build"),
                            QStringLiteral("no %1 in %2").arg(m.dockerfile, m.buildContext));
            }
            m.command = r.stringList(root["command"], QStringLiteral("command"));
            if (m.command.isEmpty())
                r.error(QStringLiteral("command"),
                        QStringLiteral("is required: the command to run, as a list"));
        }
        readParameters(root["parameters"], m, r);
        readFuzzing(root, m, r);
        // Every placeholder must name a declared parameter.
        static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*([^}]*?)\\s*\\}\\}"));
        const std::pair<QString, const QStringList *> commands[] = {
            {QStringLiteral("command"), &m.command}, {QStringLiteral("reproduce"), &m.reproduce}};
        for (const auto &[field, args] : commands) {
            for (const QString &arg : *args) {
                auto it = placeholder.globalMatch(arg);
                while (it.hasNext()) {
                    const QString name = it.next().captured(1);
                    if (!m.parameter(name))
                        r.error(field, QStringLiteral("{{%1}} names no declared parameter").arg(name));
                }
            }
        }
        readResources(root["resources"], m, r);
        if (root["network"]) {
            m.network = str(root["network"]);
            if (m.network != QLatin1String("none") && m.network != QLatin1String("bridge"))
                r.error(QStringLiteral("network"),
                        QStringLiteral("'%1' is not none or bridge").arg(m.network));
        }
        readOutputs(root["outputs"], m, r);
        if (!m.isComposite() && m.outputs.isEmpty())
            r.error(QStringLiteral("outputs"),
                    QStringLiteral("at least one output file and its parser are required"));
        if (const YAML::Node applies = root["applies_to"]) {
            m.globs = r.stringList(applies["globs"], QStringLiteral("applies_to.globs"));
            m.languages = r.stringList(applies["languages"], QStringLiteral("applies_to.languages"));
        }
        if (const YAML::Node codes = root["success_exit_codes"]) {
            m.successExitCodes.clear();
            for (const QString &c : r.stringList(codes, QStringLiteral("success_exit_codes"))) {
                bool ok = false;
                const int v = c.toInt(&ok);
                if (!ok || v < 0 || v > 255)
                    r.error(QStringLiteral("success_exit_codes"),
                            QStringLiteral("'%1' is not an exit code").arg(c));
                else
                    m.successExitCodes << v;
            }
        }
        if (root["user"]) {
            m.user = str(root["user"]);
            const QString uid = m.user.section(QLatin1Char(':'), 0, 0);
            if (uid.isEmpty() || uid == QLatin1String("0") || uid == QLatin1String("root"))
                r.error(QStringLiteral("user"), QStringLiteral("workflows never run as root"));
        }
    } catch (const YAML::Exception &e) {
        r.error({}, QStringLiteral("unexpected structure: %1").arg(QString::fromStdString(e.what())));
    }
    if (r.count() > 0)
        return Error::make(Error::Kind::Parse,
                           QStringLiteral("%1: %2 problem(s) in the manifest").arg(file).arg(r.count()));
    return m;
}

} // namespace ff::workflow
