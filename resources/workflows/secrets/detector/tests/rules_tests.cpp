// Every rule on a literal, the generic rules in each config and code format, and what must
// stay quiet: placeholders, references, hashes, UUIDs, random data, prose.

#include "testsupport.h"
#include "tokens.h"

namespace ffsecrets::test {

void testRules()
{
    const std::string gh = github();
    expectRule("github classic", "token = \"" + gh + "\"\n", "app/settings.py", "github-pat-classic");
    for (auto prefix : {"gho_", "ghu_", "ghs_", "ghr_"})
        expectRule(std::string("github ") + prefix, std::string("x: ") + github(prefix) + "\n", "ci.yml",
                   "github-pat-classic");
    std::string wrong = gh;
    wrong[39] = wrong[39] == 'A' ? 'B' : 'A';
    g_case = "github checksum";
    CHECK(githubChecksumValid(gh));
    CHECK(!githubChecksumValid(wrong));
    expectNothing("github wrong checksum", "see " + wrong + " in the log\n", "notes.log");
    expectRule("github fine-grained", "GITHUB_PAT=github_pat_" + g.alnum(22) + "_" + g.alnum(59) + "\n",
               ".env", "github-pat-fine-grained");
    const std::string npm = github("npm_");
    expectRule("npm", "//registry.npmjs.org/:_authToken=" + npm + "\n", ".npmrc", "npm-token");
    expectNothing("npm wrong checksum", "see " + npm.substr(0, 39) + (npm[39] == 'a' ? "b" : "a") + "\n",
                  "notes.log");
    expectRule("pypi", "password = pypi-AgEIcHlwaS5vcmc" + g.alnum(60) + "\n", ".pypirc", "pypi-token");
    expectRule("gitlab", "gitlab_token: glpat-" + g.alnum(20) + "\n", "ci.yaml", "gitlab-pat");
    expectRule("aws key id", "aws_access_key_id = AKIA" + g.upper(16) + "\n", "credentials",
               "aws-access-key-id");
    expectRule("aws secret", "aws_secret_access_key = " + g.b64(38) + "Zz\n", "credentials",
               "aws-secret-access-key");
    expectRule("google api key", "const key = \"AIza" + g.alnum(35) + "\";\n", "maps.js", "google-api-key");
    const std::string sa =
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key\": \"-----BEGIN "
        "PRIVATE KEY-----\\n" +
        g.b64(64) + "\\n" + g.b64(64) + "\\n-----END PRIVATE KEY-----\\n\"\n}\n";
    expectRule("gcp service account", sa, "sa.json", "gcp-service-account", Layer::Plain, 4);
    expectRule("azure connection string",
               "Storage=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + g.b64(86) +
                   "==;EndpointSuffix=core.windows.net\n",
               "app.config", "azure-storage-connection-string");
    expectRule("azure key", "AZURE_STORAGE_KEY=" + g.b64(86) + "==\n", ".env", "azure-storage-account-key");
    expectRule("stripe live", "stripe.api_key = 'sk_live_" + g.alnum(24) + "'\n", "pay.py",
               "stripe-live-key");
    expectRule("stripe test", "STRIPE=rk_test_" + g.alnum(30) + "\n", ".env", "stripe-test-key");
    expectRule("slack token", "SLACK=xoxb-" + g.digits(11) + "-" + g.digits(12) + "-" + g.alnum(24) + "\n",
               ".env", "slack-token");
    expectRule("slack webhook",
               "url: https://hooks.slack.com/services/T" + g.upper(8) + "/B" + g.upper(10) + "/" +
                   g.alnum(24) + "\n",
               "alerts.yml", "slack-webhook");
    expectRule("twilio api key", "sid = \"SK" + g.hex(32) + "\"\n", "sms.py", "twilio-api-key");
    expectRule("twilio auth token",
               "TWILIO_ACCOUNT_SID=AC" + g.hex(32) + "\nTWILIO_AUTH_TOKEN=" + g.hex(32) + "\n", ".env",
               "twilio-auth-token", Layer::Plain, 2);
    expectRule("sendgrid", "SENDGRID=SG." + g.alnum(22) + "." + g.alnum(43) + "\n", ".env",
               "sendgrid-api-key");
    expectRule("rsa key", "# deploy key\n" + pem("RSA PRIVATE KEY"), "id_rsa", "private-key", Layer::Plain,
               2);
    expectRule("openssh key", pem("OPENSSH PRIVATE KEY"), "key", "private-key");
    expectRule("pgp key", pem("PGP PRIVATE KEY BLOCK"), "key.asc", "private-key");
    const std::string jwt = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", true) + "." +
                            b64("{\"sub\":\"1234567890\",\"name\":\"svc\",\"iat\":1516239022}", true) + "." +
                            g.alnum(43);
    expectRule("jwt", "Authorization: Bearer " + jwt + "\n", "req.http", "jwt");
    expectRule("postgres url", "DATABASE_URL=postgres://app:" + g.alnum(16) + "@db.internal:5432/app\n",
               ".env", "database-url-password");
    expectRule("mongodb+srv url", "uri = \"mongodb+srv://svc:" + g.alnum(14) + "@cluster0.mongodb.net/db\"\n",
               "db.py", "database-url-password");
    expectRule("basic auth url", "git clone https://deploy:" + g.alnum(18) + "@git.internal/repo.git\n",
               "setup.sh", "url-basic-auth");
    expectRule("sql identified by", "CREATE USER app IDENTIFIED BY 'Vq8" + g.alnum(12) + "!';\n", "init.sql",
               "sql-password");
}

void testGenericFormats()
{
    const std::string pw = "Tr0ub4dor&3" + g.alnum(6);
    const std::string key = g.alnum(32);
    struct Case
    {
        const char *path;
        std::string text;
        const char *rule;
    };
    const Case cases[] = {
        {".env", "DB_PASSWORD=" + pw + "\n", "generic-password"},
        {"config.yaml", "db:\n  password: " + pw + "\n", "generic-password"},
        {"config.json", "{\"apiKey\": \"" + key + "\"}\n", "generic-secret"},
        {"web.xml", "<password>" + pw + "</password>\n", "generic-password"},
        {"app.properties", "db.password=" + pw + "\n", "generic-password"},
        {"deploy.sh", "export TOKEN=" + key + "\n", "generic-secret"},
        {"client.js", "const apiKey = \"" + key + "\";\n", "generic-secret"},
        {"Main.java", "String secret = \"" + key + "\";\n", "generic-secret"},
        {"main.go", "password := \"" + pw + "\"\n", "generic-password"},
        {"settings.py", "API_KEY: str = \"" + key + "\"\n", "generic-secret"},
        {"db.ini", "[db]\npassword = " + pw + "\n", "generic-password"},
        {"schema.sql", "ALTER ROLE app WITH PASSWORD '" + pw + "';\n", "generic-password"},
        {"Db.cs", "var conn = \"Server=db;User Id=sa;Password=" + pw + ";\";\n", "generic-password"},
        {"Mail.java", "p.setProperty(\"mail.smtp.password\", \"" + pw + "\");\n", "generic-password"},
        {"web.config", "<add key=\"PaymentsApiKey\" value=\"" + key + "\" />\n", "generic-secret"},
        {"client.py", "url = \"https://api.internal/v1/items?api_key=" + key + "&fmt=json\"\n",
         "generic-secret"},
        {"fetch.sh", "curl -H \"Authorization: Bearer " + key + "\" https://api.internal/\n",
         "generic-secret"},
        {"migrate.sh", "flyway migrate --password=" + pw + " --url=jdbc:x\n", "generic-password"},
        {"Dockerfile", "ENV API_TOKEN=" + key + "\n", "generic-secret"},
    };
    for (const auto &c : cases)
        expectRule(std::string("generic in ") + c.path, c.text, c.path, c.rule);
}

void testQuiet()
{
    expectNothing("placeholders",
                  "PASSWORD=changeme\nAPI_KEY=xxxxxxxxxxxxxxxx\nTOKEN=<your-key>\nSECRET=${SECRET}\n"
                  "password: {{ db_password }}\napi_key = os.environ[\"API_KEY\"]\n"
                  "token = getenv(\"TOKEN\")\nPASSWORD=********\nSECRET=aaaaaaaaaaaa\n"
                  "password=123456789\nsecret=abcdefghij\n",
                  "config.env");
    expectNothing("code references",
                  "password = args.password\napi_key = settings.API_KEY\n"
                  "token = request.headers.get(\"X-Token\")\n",
                  "app.py");
    expectNothing("hashes",
                  "sha256 = \"" + g.hex(64) + "\"\nchecksum: " + g.hex(40) + "\ncommit " + g.hex(40) + "\n" +
                      g.hex(32) + "  file.tar.gz\npassword_hash = \"" + g.hex(64) + "\"\n",
                  "release.txt");
    expectNothing("uuids and ids",
                  "request_id = \"123e4567-e89b-12d3-a456-426614174000\"\nuser_id: " + g.digits(12) +
                      "\nnonce = \"" + g.alnum(24) + "\"\ndata = [" + g.alnum(20) + "]\n",
                  "fixtures.py");
    expectNothing("random data", "payload = \"" + g.alnum(48) + "\"\nsample = '" + g.b64(60) + "'\n",
                  "gen.py");
    expectNothing("prose",
                  "Set your password in the settings page. The token expires after one hour.\n"
                  "password_min_length = 12\ntoken_type = \"bearer\"\n",
                  "README.md");
    expectNothing("header only", "if key.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    pass\n", "k.py");
    expectNothing("url without password",
                  "url = \"https://user@example.org/x\"\nDB=postgres://${USER}:${PASS}@db/app\n", "a.py");
    expectNothing("expressions", "resource \"x\" {\n  password = var.db_password\n}\n", "main.tf");
    expectNothing("object key reference", "headers: { \"X-Api-Key\": config.apiKey, Authorization: auth },\n",
                  "client.js");
    expectNothing("log message", "log(\"PASS: MessageFormat successful on test 1\");\n", "t.c");
    expectNothing("statement in an unknown language", "\t_M_token = _S_token_eof;\n", "regex_scanner.tcc.in");
    expectNothing("reference parameter", "auto const &argToken = *remainingTokens;\n", "catch.hpp");
    expectNothing("list of key names", "REDACT = [\"password\", \"passwd\", \"secret_token\"]\n", "log.py");
    expectNothing("settings", "#password_encryption = scram-sha-256\nauth_method: md5\nsecret_ttl = 3600\n",
                  "postgresql.conf");
    expectNothing("method call", "secret.write(\"outside\\n\");\n", "io.cpp");
    expectNothing("timestamps", "last_pass_time => '1219328376.07815',\n", "State.pm");
    expectNothing("format strings", "password = \"{password}\"\ntoken = \"Bearer %s\" % tok\n", "fmt.py");
    g_case = "aws example key";
    const auto fs = scan("aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "README.md");
    for (const auto &f : fs)
        CHECK_MSG(f.confidence == Confidence::Low && f.severity == Severity::Info, describe(fs));
    g_case = "fixture downgrade";
    const auto ts = scan("password = \"" + std::string("Zq7") + g.alnum(20) + "\"\n", "tests/test_login.py");
    CHECK_MSG(!ts.empty() && ts.front().confidence != Confidence::High, describe(ts));
}

} // namespace ffsecrets::test
