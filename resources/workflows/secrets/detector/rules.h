#pragma once

// The rule table: what each rule reports, the Hyperscan anchors that find candidates cheaply,
// and the confirm step that checks a candidate's structure on the small window around it.

#include "engine.h"

#include <span>
#include <string_view>

namespace ffsecrets {

enum class FileKind {
    Code,   // values must be quoted literals: an unquoted value is an expression
    Config, // .env, YAML, INI, properties, shell: unquoted values are literals
    Sql,    // quoted literals, and "PASSWORD 'x'" without an operator
    Docs,   // prose: examples are the norm, so everything ranks lower
};

struct FileContext
{
    FileKind kind = FileKind::Config;
    bool fixture = false; // under test/, examples/, fixtures/ ... or a test_*/ *_test file
};

FileContext classifyPath(std::string_view relPath);

// One segment of the scan buffer: the file itself, or one decoded view of part of it.
struct Window
{
    std::string_view text; // the whole segment: confirm steps never read outside it
    std::size_t to = 0;    // end of the anchor match within text
    FileContext file;
    bool synthetic = false; // a decoded view: unquoted assignments are accepted
};

struct Candidate
{
    std::size_t begin = 0; // the secret value within Window::text
    std::size_t end = 0;
    Confidence confidence = Confidence::High;
    bool placeholder = false;    // looks like an example or a fixture: reported as info
    std::size_t shownPrefix = 0; // leading characters of the value that carry no secret
    int rule = -1;               // set when the confirm step picks a more precise rule
};

using ConfirmFn = bool (*)(const Window &, Candidate &);

// Rule indices, in the order of rules(): more specific rules come first, and win when two
// rules report the same text.
enum RuleId : int {
    GithubClassic,
    GithubFineGrained,
    GitlabPat,
    NpmToken,
    PypiToken,
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GcpServiceAccount,
    GoogleApiKey,
    AzureConnectionString,
    AzureAccountKey,
    StripeLiveKey,
    StripeTestKey,
    SlackToken,
    SlackWebhook,
    TwilioApiKey,
    TwilioAuthToken,
    SendgridApiKey,
    PrivateKey,
    Jwt,
    DatabaseUrlPassword,
    UrlBasicAuth,
    SqlPassword,
    GenericPassword,
    GenericSecret,
    RuleCount
};

struct Rule
{
    std::string_view id;
    std::string_view name; // short, for messages: "GitHub personal access token"
    std::string_view description;
    std::string_view help;
    Severity severity;
    bool generic; // driven by key names rather than a token format
};

struct Anchor
{
    int rule;
    const char *expression; // Hyperscan syntax
    unsigned flags;
    ConfirmFn confirm;
};

std::span<const Rule> rules();
std::span<const Anchor> anchors();
int ruleIndex(std::string_view id);

} // namespace ffsecrets
