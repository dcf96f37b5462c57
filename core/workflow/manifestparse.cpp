// parseManifest: the manifest's fields, one reader each; sizes, resources and the user are
// read in manifestvalues.cpp, what a manifest may never ask for in manifestpolicy.cpp.
#include "manifestreader.h"

#include "findings/parsers.h"
#include "fuzz/fuzzstats.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace ff::workflow {

namespace detail {

QString Reader::requireString(const YAML::Node &root, const char *key)
{
    const YAML::Node n = root[key];
    if (!n) {
        error(QLatin1String(key), QStringLiteral("is required"));
        return {};
    }
    if (!n.IsScalar() || n.Scalar().empty()) {
        error(n, QLatin1String(key), QStringLiteral("must be a non-empty string"));
        return {};
    }
    return str(n);
}

QStringList Reader::stringList(const YAML::Node &n, const QString &field)
{
    QStringList out;
    if (!n)
        return out;
    if (!n.IsSequence()) {
        error(n, field, QStringLiteral("must be a list of strings"));
        return out;
    }
    for (std::size_t i = 0; i < n.size(); ++i) {
        if (!n[i].IsScalar()) {
            error(n[i], QStringLiteral("%1[%2]").arg(field).arg(i), QStringLiteral("must be a string"));
            continue;
        }
        out << str(n[i]);
    }
    return out;
}

} // namespace detail

namespace {

using detail::Reader;
using detail::str;

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
            if (!ok || !std::isfinite(v)) {
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
        if (!ok || size < 1024 * 1024 || size > kMaxMemoryBytes)
            r.error(
                node["size"], QStringLiteral("scratch.size"),
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
            r.error(node["exec"], QStringLiteral("scratch.exec"),
                    QStringLiteral("'%1' is not true or false").arg(v));
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
            r.error(c, QStringLiteral("corpus"),
                    QStringLiteral("must be an absolute path in the container (e.g. /corpus)"));
        else if (taken.contains(clean) || clean.startsWith(QLatin1String("/target/")) ||
                 clean.startsWith(QLatin1String("/results/")) || clean.startsWith(QLatin1String("/tmp/")))
            r.error(
                c, QStringLiteral("corpus"),
                QStringLiteral("'%1' is taken: /target, /results and /tmp are mounted already").arg(path));
        else if (!m.parameter(QStringLiteral("harness")))
            r.error(
                c, QStringLiteral("corpus"),
                QStringLiteral("needs a parameter 'harness': the corpus is kept per project and harness"));
        else
            m.corpus = clean;
    }
    readScratch(root["scratch"], m, r);
    if (const YAML::Node st = root["statistics"]) {
        const QString engine = str(st);
        if (!fuzz::StatsParser::knowsEngine(engine))
            r.error(st, QStringLiteral("statistics"),
                    QStringLiteral("'%1' is not an engine the statistics are read for (libfuzzer, afl)")
                        .arg(engine));
        else
            m.statistics = engine;
    }
    if (const YAML::Node rep = root["reproduce"]) {
        m.reproduce = r.stringList(rep, QStringLiteral("reproduce"));
        if (m.reproduce.isEmpty())
            r.error(rep, QStringLiteral("reproduce"),
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
        r.error(QString(), QStringLiteral("not valid YAML: %1").arg(QString::fromStdString(e.msg)),
                e.mark.is_null() ? 0 : e.mark.line + 1);
        return Error::make(Error::Kind::Parse, QStringLiteral("%1: not valid YAML").arg(file));
    }
    if (!root.IsMap()) {
        r.error(QString(), QStringLiteral("the manifest must be a YAML map"));
        return Error::make(Error::Kind::Parse, QStringLiteral("%1: not a YAML map").arg(file));
    }
    WorkflowManifest m;
    m.folder = folder;
    try {
        detail::checkFields(root, r);
        static const QRegularExpression idRe(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,62}$"));
        m.id = r.requireString(root, "id");
        if (!m.id.isEmpty() && !idRe.match(m.id).hasMatch())
            r.error(root["id"], QStringLiteral("id"),
                    QStringLiteral("'%1' must be lowercase letters, digits, '.', '_' or '-'").arg(m.id));
        m.name = r.requireString(root, "name");
        m.version = r.requireString(root, "version");
        static const QRegularExpression versionRe(
            QStringLiteral("^\\d+(\\.\\d+){0,2}([-+][0-9A-Za-z.-]+)?$"));
        if (!m.version.isEmpty() && !versionRe.match(m.version).hasMatch())
            r.error(root["version"], QStringLiteral("version"),
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
                    r.error(image["build"], QStringLiteral("image.build"),
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
        detail::readResources(root["resources"], m, r);
        detail::readNetwork(root["network"], m, r);
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
        detail::readUser(root["user"], m, r);
    } catch (const YAML::Exception &e) {
        r.error(QString(), QStringLiteral("unexpected structure: %1").arg(QString::fromStdString(e.msg)),
                e.mark.is_null() ? 0 : e.mark.line + 1);
    }
    if (r.count() > 0)
        return Error::make(Error::Kind::Parse,
                           QStringLiteral("%1: %2 problem(s) in the manifest").arg(file).arg(r.count()));
    return m;
}

} // namespace ff::workflow
