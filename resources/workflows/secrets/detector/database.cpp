#include "database.h"

#include "engine.h"
#include "rules.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace ffsecrets {

Database::Database()
{
    const auto list = anchors();
    std::vector<const char *> expressions;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        expressions.push_back(list[i].expression);
        flags.push_back(list[i].flags);
        ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t *error = nullptr;
    if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &db,
                         &error) != HS_SUCCESS) {
        std::string message = "Hyperscan rejected the rule anchors";
        if (error) {
            message += ": ";
            message += error->message;
            if (error->expression >= 0)
                message +=
                    " (" + std::string(list[static_cast<std::size_t>(error->expression)].expression) + ")";
            hs_free_compile_error(error);
        }
        throw std::runtime_error(message);
    }
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
        hs_free_database(db);
        throw std::runtime_error("Hyperscan could not allocate scratch space");
    }
}

Database::~Database()
{
    hs_free_scratch(scratch);
    hs_free_database(db);
}

Engine::Engine()
    : m_db(std::make_unique<Database>())
{}

Engine::~Engine() = default;

std::string_view toString(Severity s)
{
    switch (s) {
    case Severity::Info:
        return "info";
    case Severity::Low:
        return "low";
    case Severity::Medium:
        return "medium";
    case Severity::High:
        return "high";
    case Severity::Critical:
        return "critical";
    }
    return "info";
}

std::string_view toString(Confidence c)
{
    switch (c) {
    case Confidence::Low:
        return "low";
    case Confidence::Medium:
        return "medium";
    case Confidence::High:
        return "high";
    }
    return "low";
}

std::string_view toString(Layer l)
{
    switch (l) {
    case Layer::Plain:
        return "plain";
    case Layer::Base64:
        return "base64";
    case Layer::Hex:
        return "hex";
    case Layer::Url:
        return "url";
    case Layer::Concat:
        return "concat";
    case Layer::Reversed:
        return "reversed";
    case Layer::CharCodes:
        return "charcodes";
    case Layer::Escapes:
        return "escapes";
    }
    return "plain";
}

bool parseConfidence(std::string_view text, Confidence &out)
{
    for (auto c : {Confidence::Low, Confidence::Medium, Confidence::High})
        if (toString(c) == text) {
            out = c;
            return true;
        }
    return false;
}

std::string redacted(const Finding &f)
{
    return f.shownPrefix + "\xe2\x80\xa6(" + std::to_string(f.valueLength) + " chars)";
}

} // namespace ffsecrets
