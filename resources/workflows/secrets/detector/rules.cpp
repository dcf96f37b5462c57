#include "rules.h"

#include "assign.h"
#include "checks.h"
#include "tokens.h"

#include <hs/hs.h>

#include <array>

namespace ffsecrets {

namespace {

constexpr Rule kRules[] = {
    {"github-pat-classic", "GitHub token",
     "GitHub classic personal access, OAuth, user-to-server, server-to-server or refresh token.",
     "Revoke the token in GitHub's developer settings and read it from a secret store instead.",
     Severity::Critical, false},
    {"github-pat-fine-grained", "GitHub fine-grained token",
     "GitHub fine-grained personal access token (github_pat_).",
     "Revoke the token in GitHub's developer settings and read it from a secret store instead.",
     Severity::Critical, false},
    {"gitlab-pat", "GitLab token", "GitLab personal, project or group access token (glpat-).",
     "Revoke the token in GitLab and read it from a secret store instead.", Severity::Critical, false},
    {"npm-token", "npm token", "npm access token (npm_, with its CRC32 checksum).",
     "Revoke the token with npm token revoke or on npmjs.com, and read it from a secret store.",
     Severity::Critical, false},
    {"pypi-token", "PyPI token", "PyPI API token (pypi-AgEIcHlwaS5vcmc...).",
     "Remove the token in the PyPI account settings and use trusted publishing or a secret store.",
     Severity::Critical, false},
    {"aws-access-key-id", "AWS access key ID",
     "AWS access key ID (AKIA/ASIA), the public half of an IAM key pair.",
     "Deactivate the key in IAM, check CloudTrail for its use, and switch to roles or a secret store.",
     Severity::High, false},
    {"aws-secret-access-key", "AWS secret access key",
     "AWS secret access key (40 characters) next to an AWS key name.",
     "Deactivate the key pair in IAM, check CloudTrail for its use, and switch to roles or a secret store.",
     Severity::Critical, false},
    {"gcp-service-account", "Google service-account key",
     "Google Cloud service-account JSON key with its private key.",
     "Delete the key in the Google Cloud console and use workload identity or a secret store.",
     Severity::Critical, false},
    {"google-api-key", "Google API key", "Google API key (AIza, 39 characters).",
     "Restrict or regenerate the key in the Google Cloud console.", Severity::High, false},
    {"azure-storage-connection-string", "Azure storage connection string",
     "Azure storage connection string with an AccountKey.",
     "Rotate the storage account key and use managed identities or Key Vault.", Severity::Critical, false},
    {"azure-storage-account-key", "Azure storage account key",
     "Azure storage account key (88 base64 characters).",
     "Rotate the storage account key and use managed identities or Key Vault.", Severity::Critical, false},
    {"stripe-live-key", "Stripe live key", "Stripe live secret or restricted key (sk_live_/rk_live_).",
     "Roll the key in the Stripe dashboard and read it from a secret store.", Severity::Critical, false},
    {"stripe-test-key", "Stripe test key", "Stripe test-mode secret or restricted key (sk_test_/rk_test_).",
     "Roll the key in the Stripe dashboard; test keys still expose test data and settings.", Severity::Medium,
     false},
    {"slack-token", "Slack token",
     "Slack bot, user, app, refresh or workspace token (xoxb-/xoxp-/xoxa-/xoxr-/xoxs-).",
     "Revoke the token in the Slack app settings and read it from a secret store.", Severity::High, false},
    {"slack-webhook", "Slack webhook", "Slack incoming-webhook URL (hooks.slack.com/services/T.../B.../...).",
     "Regenerate the webhook URL in the Slack app settings.", Severity::High, false},
    {"twilio-api-key", "Twilio API key", "Twilio API key SID (SK followed by 32 hex digits).",
     "Delete the API key in the Twilio console and create a new one.", Severity::High, false},
    {"twilio-auth-token", "Twilio auth token",
     "Twilio auth token (32 hex digits) next to an account SID or a Twilio key name.",
     "Rotate the auth token in the Twilio console.", Severity::Critical, false},
    {"sendgrid-api-key", "SendGrid API key", "SendGrid API key (SG.<22>.<43>).",
     "Delete the key in SendGrid and create a new one.", Severity::High, false},
    {"private-key", "private key", "PEM, OpenSSH or PGP private key block.",
     "Treat the key as compromised: replace it and revoke what it signed or authorised.", Severity::Critical,
     false},
    {"jwt", "JSON Web Token", "JSON Web Token (three base64url parts whose header names an algorithm).",
     "Tokens embedded in sources outlive their purpose: remove it and rotate the signing key if it is "
     "long-lived.",
     Severity::Medium, false},
    {"database-url-password", "database URL password",
     "Database or message-broker URL with an embedded password.",
     "Change the password and pass the URL through the environment or a secret store.", Severity::Critical,
     false},
    {"url-basic-auth", "URL credentials",
     "HTTP, FTP or other URL with a user name and password (basic auth).",
     "Change the password and move the credentials out of the URL.", Severity::High, false},
    {"sql-password", "SQL password", "Password set in SQL (IDENTIFIED BY '...').",
     "Change the password and keep it out of migration scripts.", Severity::High, false},
    {"generic-password", "password", "Password assigned to a password-like key in code or configuration.",
     "Move the password to the environment or a secret store and change it.", Severity::High, true},
    {"generic-secret", "secret",
     "Secret, token or API key assigned to a secret-like key in code or configuration.",
     "Move the value to the environment or a secret store and rotate it.", Severity::Medium, true},
};

constexpr unsigned kI = HS_FLAG_CASELESS;

constexpr Anchor kAnchors[] = {
    {GithubClassic, "gh[pousr]_[A-Za-z0-9]{36}", 0, confirmGithubClassic},
    {GithubFineGrained, "github_pat_[A-Za-z0-9]{22}_", 0, confirmGithubFineGrained},
    {GitlabPat, "glpat-[A-Za-z0-9_\\-]{20}", 0, confirmGitlab},
    {NpmToken, "npm_[A-Za-z0-9]{36}", 0, confirmNpm},
    {PypiToken, "pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50}", 0, confirmPypi},
    {AwsAccessKeyId, "(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", 0, confirmAwsKeyId},
    {AwsSecretAccessKey, "secret[_.\\-]?access[_.\\-]?key|aws[_.\\-]?secret", kI, confirmAwsSecret},
    {GcpServiceAccount, "\"private_key\"\\s*:\\s*\"", 0, confirmServiceAccount},
    {GoogleApiKey, "AIza[A-Za-z0-9_\\-]{35}", 0, confirmGoogleApiKey},
    {AzureConnectionString, "AccountKey=", kI, confirmAzureConnection},
    {AzureAccountKey, "(azure|storage)[A-Za-z0-9_.\\-]{0,30}key", kI, confirmAzureKeyAssignment},
    {StripeLiveKey, "[rs]k_(live|test)_[A-Za-z0-9]{16}", 0, confirmStripe},
    {SlackToken, "xox[baprs]-[A-Za-z0-9]", 0, confirmSlackToken},
    {SlackWebhook, "hooks\\.slack\\.com/services/", 0, confirmSlackWebhook},
    {TwilioApiKey, "SK[0-9a-f]{32}", 0, confirmTwilioApiKey},
    {TwilioAuthToken, "twilio|auth[_.\\-]?token", kI, confirmTwilioAuthToken},
    {SendgridApiKey, "SG\\.[A-Za-z0-9_\\-]{22}\\.", 0, confirmSendgrid},
    {PrivateKey, "-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----", 0, confirmPrivateKey},
    {Jwt, "eyJ[A-Za-z0-9_\\-]{8}", 0, confirmJwt},
    {DatabaseUrlPassword,
     "(postgres|postgresql|mysql|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|"
     "oracle|redshift|cockroachdb|couchdb|neo4j|clickhouse|nats|mqtt|kafka)://",
     kI, confirmDatabaseUrl},
    {UrlBasicAuth, "(https?|ftps?|sftp|smtps?|imaps?|ldaps?|wss?|git|svn|ssh)://", kI, confirmBasicAuthUrl},
    {SqlPassword, "identified\\s+by\\s", kI, confirmSqlPassword},
    // Key names: confirmGeneric splits the whole identifier into words and decides.
    {GenericPassword, "pass", kI, confirmGeneric},
    {GenericPassword, "pwd", kI, confirmGeneric},
    {GenericSecret, "secret", kI, confirmGeneric},
    {GenericSecret, "token", kI, confirmGeneric},
    {GenericSecret, "key", kI, confirmGeneric},
    {GenericSecret, "auth", kI, confirmGeneric},
    {GenericSecret, "cred", kI, confirmGeneric},
    {GenericSecret, "bearer", kI, confirmGeneric},
};

static_assert(std::size(kRules) == RuleCount, "RuleId and kRules disagree");

bool hasComponent(std::string_view lowerPath, std::initializer_list<std::string_view> names)
{
    std::size_t start = 0;
    while (start <= lowerPath.size()) {
        std::size_t end = lowerPath.find('/', start);
        if (end == std::string_view::npos)
            end = lowerPath.size();
        const auto part = lowerPath.substr(start, end - start);
        for (auto n : names)
            if (part == n)
                return true;
        start = end + 1;
    }
    return false;
}

} // namespace

std::span<const Rule> rules()
{
    return kRules;
}
std::span<const Anchor> anchors()
{
    return kAnchors;
}

int ruleIndex(std::string_view id)
{
    for (std::size_t i = 0; i < std::size(kRules); ++i)
        if (kRules[i].id == id)
            return static_cast<int>(i);
    return -1;
}

FileContext classifyPath(std::string_view relPath)
{
    FileContext ctx;
    const std::string lower = toLower(relPath);
    const std::size_t slash = lower.rfind('/');
    const std::string_view name = std::string_view(lower).substr(slash == std::string::npos ? 0 : slash + 1);
    const std::size_t dot = name.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : name.substr(dot);
    auto extIn = [&](std::initializer_list<std::string_view> set) {
        for (auto e : set)
            if (ext == e)
                return true;
        return false;
    };
    if (extIn({".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".textile", ".rdoc"}))
        ctx.kind = FileKind::Docs;
    else if (extIn({".sql", ".ddl", ".psql"}))
        ctx.kind = FileKind::Sql;
    else if (extIn({".py",     ".pyw",   ".js",     ".mjs", ".cjs", ".jsx",   ".ts",  ".tsx", ".java", ".kt",
                    ".kts",    ".scala", ".groovy", ".go",  ".rs",  ".c",     ".h",   ".cc",  ".cpp",  ".cxx",
                    ".hpp",    ".hh",    ".cs",     ".rb",  ".php", ".swift", ".m",   ".mm",  ".dart", ".lua",
                    ".pl",     ".pm",    ".r",      ".vb",  ".fs",  ".ex",    ".exs", ".erl", ".clj",  ".vue",
                    ".svelte", ".tf",    ".tfvars", ".hcl", ".tcc", ".inl",   ".ipp", ".hxx", ".tpp",  ".td",
                    ".pp",     ".pas",   ".cu",     ".cuh", ".zig", ".nim",   ".jl",  ".ml",  ".hs"}))
        ctx.kind = FileKind::Code;
    const std::string_view dir =
        slash == std::string::npos ? std::string_view{} : std::string_view(lower).substr(0, slash);
    ctx.fixture = hasComponent(dir, {"test", "tests", "__tests__", "spec", "specs", "testdata", "test-data",
                                     "test_data", "fixtures", "fixture", "__fixtures__", "mocks", "mock",
                                     "__mocks__", "examples", "samples"});
    for (std::string_view hint :
         {"test_", "_test.", ".test.", ".spec.", "_spec.", "test.java", "tests.", "example", "sample",
          "fixture", "mock", "dummy", ".dist", ".template", ".tmpl"})
        if (name.find(hint) != std::string_view::npos)
            ctx.fixture = true;
    return ctx;
}

} // namespace ffsecrets
