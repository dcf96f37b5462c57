#include "manifest.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include <cmath>

namespace ff::workflow {

QString ManifestError::toString() const
{
    // "file:line:" as compilers write it, so that editors can jump there.
    const QString where = line > 0 ? QStringLiteral("%1:%2").arg(file).arg(line) : file;
    return field.isEmpty() ? QStringLiteral("%1: %2").arg(where, reason)
                           : QStringLiteral("%1: field '%2': %3").arg(where, field, reason);
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

} // namespace ff::workflow
