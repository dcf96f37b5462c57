#include "logging.h"

#include <QString>
#include <QtGlobal>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <string>

namespace ff::log {

namespace {
void qtMessageHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const std::string text = message.toStdString();
    const char *category = context.category ? context.category : "qt";
    switch (type) {
    case QtDebugMsg:
        spdlog::debug("[{}] {}", category, text);
        break;
    case QtInfoMsg:
        spdlog::info("[{}] {}", category, text);
        break;
    case QtWarningMsg:
        spdlog::warn("[{}] {}", category, text);
        break;
    case QtCriticalMsg:
        spdlog::error("[{}] {}", category, text);
        break;
    case QtFatalMsg:
        spdlog::critical("[{}] {}", category, text);
        spdlog::shutdown();
        std::abort();
    }
}
} // namespace

void init(std::string_view appName, std::string_view fallbackLevel)
{
    auto logger = spdlog::stderr_color_mt(std::string(appName));
    logger->set_pattern("%H:%M:%S.%e %^%l%$ %n: %v");
    spdlog::set_default_logger(logger);
    const char *env = std::getenv("FUZZFORGE_LOG_LEVEL");
    const std::string level = env && *env ? std::string(env) : std::string(fallbackLevel);
    spdlog::set_level(spdlog::level::from_str(level));
    qInstallMessageHandler(&qtMessageHandler);
}

} // namespace ff::log
