#include "cli.h"
#include "commands.h"
#include "output.h"

#include "workflow/catalogue.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ff::cli {

int workflowsCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the workflows FuzzForge can run."));
    parser.addHelpOption();
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the list as JSON."));
    const QCommandLineOption dirs(QStringLiteral("workflows"),
                                  QStringLiteral("Also load workflows from DIR."), QStringLiteral("DIR"));
    parser.addOptions({json, dirs});
    if (!parser.parse(args))
        return usageError(QStringLiteral("workflows"), parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const auto catalogue = workflow::Catalogue::standard(parser.values(dirs));
    for (const auto &e : catalogue.errors())
        err() << "fuzzforge-cli workflows: " << e.toString() << Qt::endl;
    if (parser.isSet(json)) {
        QJsonArray arr;
        for (const auto &w : catalogue.workflows()) {
            QJsonObject o;
            o.insert(QLatin1String("id"), w.id);
            o.insert(QLatin1String("name"), w.name);
            o.insert(QLatin1String("version"), w.version);
            o.insert(QLatin1String("category"), w.category);
            o.insert(QLatin1String("description"), w.description);
            o.insert(QLatin1String("builtIn"), w.builtIn);
            o.insert(QLatin1String("source"), w.folder);
            o.insert(QLatin1String("globs"), QJsonArray::fromStringList(w.globs));
            o.insert(QLatin1String("languages"), QJsonArray::fromStringList(w.languages));
            o.insert(QLatin1String("network"), w.network);
            QJsonArray params;
            for (const auto &p : w.parameters) {
                QJsonObject po;
                po.insert(QLatin1String("name"), p.name);
                po.insert(QLatin1String("type"), workflow::ParameterSpec::typeName(p.type));
                po.insert(QLatin1String("default"), p.defaultValue);
                if (!p.allowed.isEmpty())
                    po.insert(QLatin1String("allowed"), QJsonArray::fromStringList(p.allowed));
                if (p.min)
                    po.insert(QLatin1String("min"), *p.min);
                if (p.max)
                    po.insert(QLatin1String("max"), *p.max);
                po.insert(QLatin1String("description"), p.description);
                params.append(po);
            }
            o.insert(QLatin1String("parameters"), params);
            arr.append(o);
        }
        out() << QJsonDocument(arr).toJson(QJsonDocument::Indented);
    } else {
        out() << QStringLiteral("%1 %2 %3 %4\n")
                     .arg(QStringLiteral("ID").leftJustified(22), QStringLiteral("VERSION").leftJustified(8),
                          QStringLiteral("CATEGORY").leftJustified(16), QStringLiteral("NAME"));
        for (const auto &w : catalogue.workflows()) {
            out() << QStringLiteral("%1 %2 %3 %4%5\n")
                         .arg(w.id.leftJustified(22), w.version.leftJustified(8),
                              w.category.leftJustified(16), w.name,
                              w.builtIn ? QString() : QStringLiteral(" (%1)").arg(w.folder));
            for (const auto &p : w.parameters)
                out() << QStringLiteral("%1--param %2.%3=%4  (%5%6) %7\n")
                             .arg(QString(23, QLatin1Char(' ')), w.id, p.name, p.defaultValue,
                                  workflow::ParameterSpec::typeName(p.type),
                                  p.allowed.isEmpty()
                                      ? QString()
                                      : QStringLiteral(": ") + p.allowed.join(QLatin1Char('|')),
                                  p.description);
        }
    }
    out().flush();
    return catalogue.errors().isEmpty() ? ExitOk : ExitUsage;
}

} // namespace ff::cli
