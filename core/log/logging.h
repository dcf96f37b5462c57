#pragma once

#include <string_view>

namespace ff::log {

// Sets up spdlog for the process (stderr, level from FUZZFORGE_LOG_LEVEL: trace, debug, info,
// warn, error, off; default `fallbackLevel`) and routes Qt's own messages through it.
void init(std::string_view appName, std::string_view fallbackLevel = "warn");

} // namespace ff::log
