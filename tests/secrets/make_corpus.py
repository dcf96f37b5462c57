#!/usr/bin/env python3
"""Writes the labelled secrets corpus (tests/secrets/corpus/) and its labels.json.

Every value is fake: drawn from a seeded generator, in the shape of the real format (GitHub
tokens carry a valid CRC32 checksum so that a checksum-verifying detector accepts them), and
never issued by any service. Re-running the script writes the same files.

In the templates below, `@@fn:key@@` stands for a generated value (fn: b64, hex, rev, codes,
chrs, xesc, uesc, pct, slice:a:b, pem, pemjson; no fn: the value itself), and a line ending in
`⟦S kind difficulty layer key⟧` plants a secret (key names the plain value) while
`⟦D difficulty why⟧` marks a decoy that must not be reported. The tags are stripped from the
output and become the labels; line numbers are counted after multi-line values are expanded.
"""

import base64
import json
import pathlib
import random
import re
import string
import sys
import urllib.parse
import zlib

R = random.Random(0x5EC8E75)
ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
URLSAFE = ALNUM + "-_"


def rnd(n, alphabet=ALNUM):
    return "".join(R.choice(alphabet) for _ in range(n))


def rbytes(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def password(safe_for_url=False):
    symbols = "-_." if safe_for_url else "!*-_.+^"
    n = R.randint(16, 26)
    while True:
        s = rnd(n, ALNUM + symbols)
        if (any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s)
                and any(c in symbols for c in s) and s[0].isalnum()):
            return s


def github_token(prefix="ghp_"):
    body = rnd(30)
    crc = zlib.crc32(body.encode())
    check = ""
    while crc:
        crc, r = divmod(crc, 62)
        check = BASE62[r] + check
    return prefix + body + check.rjust(6, "0")


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt():
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    iat = 1700000000 + R.randint(0, 20000000)
    payload = {"sub": "svc-" + rnd(8, string.ascii_lowercase + string.digits), "iss": "https://auth.orders.example.com",
               "scope": "payments:write orders:read", "iat": iat, "exp": iat + 31536000}
    return header + "." + b64url(json.dumps(payload, separators=(",", ":")).encode()) + "." + b64url(rbytes(32))


def uuid4():
    h = "%032x" % R.getrandbits(128)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return "-".join((h[:8], h[8:12], h[12:16], h[16:20], h[20:]))


def wrap(text, width):
    return [text[i:i + width] for i in range(0, len(text), width)]


def pem(label, der, width=64):
    lines = wrap(base64.b64encode(der).decode(), width)
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, "\n".join(lines), label), lines[0]


def rsa_der():
    return bytes.fromhex("308204a40201000282010100") + rbytes(1180)


def pkcs8_der():
    return bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + rbytes(1180)


def ec_der():
    return (bytes.fromhex("30770201010420") + rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004")
            + rbytes(64))


def openssh_der():
    pub = rbytes(32)
    return (b"openssh-key-v1\x00" + bytes.fromhex("000000046e6f6e65000000046e6f6e650000000000000001")
            + bytes.fromhex("000000330000000b") + b"ssh-ed25519" + bytes.fromhex("00000020") + pub
            + bytes.fromhex("00000090") + rbytes(8) + bytes.fromhex("0000000b") + b"ssh-ed25519"
            + bytes.fromhex("00000020") + pub + bytes.fromhex("00000040") + rbytes(64)
            + bytes.fromhex("0000000f") + b"ci@orders-build" + bytes.fromhex("010203"))


def pgp_block():
    lines = wrap(base64.b64encode(bytes.fromhex("9505d8") + rbytes(1100)).decode(), 64)
    crc = "=" + base64.b64encode(rbytes(3)).decode()
    text = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n%s\n%s\n-----END PGP PRIVATE KEY BLOCK-----" % (
        "\n".join(lines), crc)
    return text, lines[0]


V = {}


def generate(key):
    kind = key.split(".")[0]
    simple = {
        "akia": lambda: "AKIA" + rnd(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
        "awssecret": lambda: rnd(40, ALNUM + "/+"),
        "ghp": github_token,
        "ghfg": lambda: "github_pat_11" + rnd(20, UPPER_DIGITS) + "_" + rnd(59),
        "glpat": lambda: "glpat-" + rnd(20, URLSAFE),
        "xoxb": lambda: "xoxb-%d-%d-%s" % (R.randint(10**11, 10**12 - 1), R.randint(10**12, 10**13 - 1), rnd(24)),
        "xoxp": lambda: "xoxp-%d-%d-%d-%s" % (R.randint(10**11, 10**12 - 1), R.randint(10**11, 10**12 - 1),
                                              R.randint(10**12, 10**13 - 1), rnd(32, HEX)),
        "slackhook": lambda: "https://hooks.slack.com/services/T%s/B%s/%s" % (rnd(10, UPPER_DIGITS),
                                                                             rnd(10, UPPER_DIGITS), rnd(24)),
        "stripe": lambda: "sk_live_" + rnd(24),
        "stripelong": lambda: "sk_live_51" + rnd(97),
        "sendgrid": lambda: "SG." + rnd(22, URLSAFE) + "." + rnd(43, URLSAFE),
        "aiza": lambda: "AIza" + rnd(35, URLSAFE),
        "twiliosk": lambda: "SK" + rnd(32, HEX),
        "twiliosid": lambda: "AC" + rnd(32, HEX),
        "npm": lambda: "npm_" + rnd(36),
        "vault": lambda: "hvs." + rnd(24),
        "sonar": lambda: "squ_" + rnd(40, HEX),
        "azkey": lambda: base64.b64encode(rbytes(64)).decode(),
        "azsas": lambda: base64.b64encode(rbytes(32)).decode(),
        "jwt": jwt,
        "pw": password,
        "pwurl": lambda: password(safe_for_url=True),
        "sha256": lambda: rnd(64, HEX),
        "sha1": lambda: rnd(40, HEX),
        "gitsha": lambda: rnd(40, HEX),
        "md5": lambda: rnd(32, HEX),
        "uuid": uuid4,
        "rnd": lambda: rnd(R.randint(20, 32)),
        "digits": lambda: "".join(R.choice(string.digits) for _ in range(20)),
        "sri": lambda: "sha384-" + base64.b64encode(rbytes(48)).decode(),
        "sha256b64": lambda: base64.b64encode(rbytes(32)).decode(),
    }
    if kind in simple:
        V[key] = simple[kind]()
    elif kind in ("rsapem", "ecpem", "gcppem"):
        label, der = {"rsapem": ("RSA PRIVATE KEY", rsa_der), "ecpem": ("EC PRIVATE KEY", ec_der),
                      "gcppem": ("PRIVATE KEY", pkcs8_der)}[kind]
        V[key], V[key + "/line"] = pem(label, der())
    elif kind == "ossh":
        V[key], V[key + "/line"] = pem("OPENSSH PRIVATE KEY", openssh_der(), width=70)
    elif kind == "pgp":
        V[key], V[key + "/line"] = pgp_block()
    elif kind == "pgdsn":
        V[key + "/pw"] = password(safe_for_url=True)
        V[key] = "postgresql://report_ro:%s@reports-db.internal:5432/reports?sslmode=require" % V[key + "/pw"]
    elif kind == "npmrc":
        V[key + "/tok"] = "npm_" + rnd(36)
        V[key] = "//registry.npmjs.org/:_authToken=%s\nalways-auth=true\n" % V[key + "/tok"]
    elif kind == "text":
        raise KeyError("text values are defined up front: " + key)
    else:
        raise KeyError("no generator for " + key)


# Ordinary text, encoded in decoys.
V["text.motd"] = "Welcome to the orders staging cluster. Be nice to the database."
V["text.loglevel"] = "info"
V["text.banner"] = "Nightly export finished without errors"
V["text.hello"] = "Hello, world!"
V["text.dbuser"] = "orders_app"
V["text.fixture"] = "fixture: the quick brown fox"


def value(key):
    if key not in V:
        generate(key.split("/")[0])
    return V[key]


ENCODERS = {
    "b64": lambda s: base64.b64encode(s.encode()).decode(),
    "hex": lambda s: s.encode().hex(),
    "rev": lambda s: s[::-1],
    "codes": lambda s: ", ".join(str(ord(c)) for c in s),
    "chrs": lambda s: " + ".join("chr(%d)" % ord(c) for c in s),
    "xesc": lambda s: "".join("\\x%02x" % ord(c) for c in s),
    "uesc": lambda s: "".join("\\u%04x" % ord(c) for c in s),
    "pct": lambda s: urllib.parse.quote(s, safe=""),
    "pem": lambda s: s,
    "pemjson": lambda s: s.replace("\n", "\\n"),
}
# The encodings whose output a reader could turn back into the secret on its own: the
# SARIF must not carry them either.
REVERSIBLE = ("b64", "hex", "rev", "pct")

PLACEHOLDER = re.compile(r"@@([^@]+)@@")
TAG = re.compile(r"\s*⟦(.*?)⟧\s*$")


def expand(match, encoded):
    spec = match.group(1).split(":")
    if len(spec) == 1:
        return value(spec[0])
    fn, key = spec[0], spec[1]
    if fn == "slice":
        start = int(spec[2]) if spec[2] else None
        end = int(spec[3]) if len(spec) > 3 and spec[3] else None
        return value(key)[start:end]
    out = ENCODERS[fn](value(key))
    if fn in REVERSIBLE:
        encoded.append(out)
    return out


def render(path, template, labels):
    out = []
    for raw in template.strip("\n").split("\n"):
        tag = TAG.search(raw)
        line = raw[:tag.start()] if tag else raw
        encoded = []
        line = PLACEHOLDER.sub(lambda m: expand(m, encoded), line)
        if path.endswith(".go"):
            stripped = line.lstrip(" ")
            line = "\t" * ((len(line) - len(stripped)) // 4) + stripped
        first = len(out) + 1
        parts = line.split("\n")
        indent = re.match(r"\s*", parts[0]).group(0)
        out.append(parts[0])
        out.extend(indent + p for p in parts[1:])
        if not tag:
            continue
        fields = tag.group(1).split()
        if fields[0] == "S":
            _, kind, difficulty, layer, key = fields
            entry = {"file": path, "line": first, "kind": kind, "difficulty": difficulty, "layer": layer,
                     "value": value(key)}
            if encoded:
                entry["encoded"] = encoded[0]
            labels["secrets"].append(entry)
        else:
            labels["decoys"].append({"file": path, "line": first, "difficulty": fields[1],
                                     "why": " ".join(fields[2:])})
    return "\n".join(out) + "\n"


FILES = {}

FILES["services/api/.env"] = r"""
# Orders API: staging overrides, loaded by docker compose
APP_ENV=staging
APP_PORT=8080
LOG_LEVEL=info

AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=@@akia.1@@  ⟦S aws_access_key_id easy plain akia.1⟧
AWS_SECRET_ACCESS_KEY=@@awssecret.1@@  ⟦S aws_secret_access_key easy plain awssecret.1⟧
S3_BUCKET=orders-exports-staging

DATABASE_URL=postgres://orders_rw:@@pwurl.1@@@db-staging.internal:5432/orders  ⟦S postgres_url easy plain pwurl.1⟧
AMQP_URL=amqp://orders:@@pwurl.2@@@rabbitmq.internal:5672/orders  ⟦S amqp_url easy plain pwurl.2⟧
STRIPE_SECRET_KEY=@@stripelong.1@@  ⟦S stripe_secret_key easy plain stripelong.1⟧
STRIPE_PUBLISHABLE_KEY=pk_live_@@rnd.pk@@  ⟦D easy publishable keys are public by design⟧
SESSION_SECRET=@@pw.session@@  ⟦S generic_secret medium plain pw.session⟧
REDIS_PASSWORD=@@pw.redis@@  ⟦S generic_password medium plain pw.redis⟧
JWT_PRIVATE_KEY_B64=@@b64:ecpem.1@@  ⟦S private_key hard base64 ecpem.1/line⟧

# Filled in by the deploy pipeline
SMTP_PASSWORD=changeme  ⟦D medium placeholder value⟧
SENTRY_AUTH_TOKEN=${SENTRY_AUTH_TOKEN}  ⟦D medium reference to an environment variable⟧
GIT_COMMIT=@@gitsha.1@@  ⟦D medium git commit id⟧
ASSET_MANIFEST_SHA256=@@sha256.1@@  ⟦D medium sha256 checksum⟧
DEFAULT_TENANT_ID=@@uuid.1@@  ⟦D medium uuid⟧
"""

FILES["deploy/helm/values.yaml"] = r"""
# Helm values for the orders service (staging)
replicaCount: 2
image:
  repository: registry.internal/orders/api
  tag: "2.14.1"
  digest: sha256:@@sha256.2@@  ⟦D medium image digest⟧
podAnnotations:
  checksum/config: @@sha256.3@@  ⟦D medium checksum annotation⟧
slack:
  channel: "#orders-alerts"
  botToken: "@@xoxb.1@@"  ⟦S slack_bot_token easy plain xoxb.1⟧
postgresql:
  enabled: true
  auth:
    username: orders
    database: orders
    password: "@@pw.pg@@"  ⟦S generic_password medium plain pw.pg⟧
    existingSecret: ""
oauth:
  provider: keycloak
  clientId: orders-api
  clientSecret: "@@pw.oauth@@"  ⟦S generic_secret medium plain pw.oauth⟧
  redirectPath: /oauth2/callback
metrics:
  password: "{{ .Values.global.metricsPassword }}"  ⟦D medium template expression⟧
  bearerToken: "<your-token-here>"  ⟦D medium placeholder⟧
tls:
  enabled: true
  key: |
    @@pem:ecpem.2@@  ⟦S private_key easy plain ecpem.2/line⟧
resources:
  limits:
    memory: 512Mi
"""

FILES["deploy/k8s/orders-runtime-secret.yaml"] = r"""
apiVersion: v1
kind: Secret
metadata:
  name: orders-runtime
  namespace: orders
  annotations:
    kubernetes.io/change-cause: "rotate keys after the March incident"
    checksum/sha1: "@@sha1.1@@"  ⟦D medium sha1 checksum⟧
type: Opaque
data:
  AWS_ACCESS_KEY_ID: @@b64:akia.2@@  ⟦S aws_access_key_id hard base64 akia.2⟧
  STRIPE_API_KEY: @@b64:stripe.2@@  ⟦S stripe_secret_key hard base64 stripe.2⟧
  db-password: @@b64:pw.k8sdb@@  ⟦S generic_password hard base64 pw.k8sdb⟧
  db-user: @@b64:text.dbuser@@  ⟦D hard base64 of a user name⟧
  LOG_LEVEL: @@b64:text.loglevel@@  ⟦D hard base64 of ordinary text⟧
  MOTD: @@b64:text.motd@@  ⟦D hard base64 of ordinary text⟧
stringData:
  GRAFANA_ADMIN_PASSWORD: "@@pw.grafana@@"  ⟦S generic_password medium plain pw.grafana⟧
"""

FILES["config/appsettings.Production.json"] = r"""
{
  "Logging": {
    "LogLevel": {
      "Default": "Warning"
    }
  },
  "AllowedHosts": "*",
  "ConnectionStrings": {
    "Orders": "Server=tcp:orders-sql.database.windows.net,1433;Initial Catalog=orders;User ID=orders_app;Password=@@pw.mssql@@;Encrypt=True;",  ⟦S mssql_connection_string medium plain pw.mssql⟧
    "Blob": "DefaultEndpointsProtocol=https;AccountName=ordersexports;AccountKey=@@azkey.1@@;EndpointSuffix=core.windows.net",  ⟦S azure_storage_connection_string medium plain azkey.1⟧
    "Bus": "Endpoint=sb://orders-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=@@azsas.1@@"  ⟦S azure_servicebus_connection_string medium plain azsas.1⟧
  },
  "SendGrid": {
    "ApiKey": "@@sendgrid.1@@",  ⟦S sendgrid_api_key easy plain sendgrid.1⟧
    "FromAddress": "noreply@orders.example.com"
  },
  "Jwt": {
    "Issuer": "https://auth.orders.example.com",
    "SigningSecret": "@@pw.jwt@@"  ⟦S generic_secret medium plain pw.jwt⟧
  },
  "Maps": {
    "ApiKey": "<your-api-key>"  ⟦D medium placeholder⟧
  },
  "Telemetry": {
    "InstanceId": "@@uuid.2@@",  ⟦D medium uuid⟧
    "InstrumentationKey": "@@uuid.3@@"  ⟦D medium Application Insights instrumentation key (a uuid, not a credential)⟧
  },
  "Build": {
    "Commit": "@@gitsha.2@@",  ⟦D medium git commit id⟧
    "ETag": "\"@@md5.1@@\""  ⟦D medium md5 etag⟧
  }
}
"""

FILES["config/legacy/reconcile.ini"] = r"""
; Settings for the nightly reconciliation job
[general]
environment = production
timezone = Europe/Berlin

[database]
host = db-primary.internal
port = 5432
user = recon
password = @@pw.inidb@@  ⟦S generic_password medium plain pw.inidb⟧

[analytics]
endpoint = https://analytics.internal/api/v2
api_key = @@rnd.iniapi@@  ⟦S generic_api_key medium plain rnd.iniapi⟧

[github]
owner = orders-team
token = @@ghp.1@@  ⟦S github_pat easy plain ghp.1⟧

[payments]
provider = stripe
stripe_key = @@stripe.7@@  ⟦S stripe_secret_key easy plain stripe.7⟧

[smtp]
server = smtp.sendgrid.net
username = apikey
password = xxxxxxxxxxxxxxxx  ⟦D medium placeholder⟧

[cache]
checksum = @@md5.2@@  ⟦D medium md5 checksum⟧
directory = /var/cache/recon
"""

FILES["billing/src/main/resources/application.properties"] = r"""
spring.application.name=billing
server.port=8443
spring.datasource.url=jdbc:postgresql://billing-db.internal:5432/billing
spring.datasource.username=billing_app
spring.datasource.password=@@pw.propsdb@@  ⟦S generic_password medium plain pw.propsdb⟧
spring.mail.host=smtp.internal
spring.mail.password=${MAIL_PASSWORD}  ⟦D medium reference to an environment variable⟧
spring.security.user.password=changeit  ⟦D medium well-known default placeholder⟧
app.jwt.secret = @@pw.propsjwt@@  ⟦S generic_secret medium plain pw.propsjwt⟧
app.github.token: @@ghfg.1@@  ⟦S github_fine_grained_pat easy plain ghfg.1⟧
app.sendgrid.api-key=@@sendgrid.4@@  ⟦S sendgrid_api_key easy plain sendgrid.4⟧
notifications.slack.webhook=https://relay.internal/forward?target=@@pct:slackhook.1@@  ⟦S slack_webhook hard url slackhook.1⟧
build.commit=@@gitsha.3@@  ⟦D medium git commit id⟧
app.encryption.key-checksum=@@sha256.4@@  ⟦D medium sha256 checksum⟧
"""

FILES["ci/maven/settings.xml"] = r"""
<?xml version="1.0" encoding="UTF-8"?>
<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
  <servers>
    <server>
      <id>internal-releases</id>
      <username>ci-deployer</username>
      <password>@@pw.maven@@</password>  ⟦S generic_password medium plain pw.maven⟧
    </server>
    <server>
      <id>internal-snapshots</id>
      <username>${env.NEXUS_USER}</username>
      <password>${env.NEXUS_PASSWORD}</password>  ⟦D medium reference to an environment variable⟧
    </server>
    <server>
      <id>github</id>
      <username>ci-bot</username>
      <password>@@ghp.2@@</password>  ⟦S github_pat easy plain ghp.2⟧
    </server>
  </servers>
  <profiles>
    <profile>
      <id>sonar</id>
      <properties>
        <sonar.host.url>https://sonar.internal</sonar.host.url>
        <sonar.token>@@sonar.1@@</sonar.token>  ⟦S generic_token medium plain sonar.1⟧
        <release.sha1>@@sha1.2@@</release.sha1>  ⟦D medium sha1 checksum⟧
      </properties>
    </profile>
  </profiles>
</settings>
"""

FILES["reports/webapp/META-INF/context.xml"] = r"""
<?xml version="1.0" encoding="UTF-8"?>
<Context reloadable="false">
  <Resource name="jdbc/reports" auth="Container" type="javax.sql.DataSource"
            driverClassName="org.postgresql.Driver"
            url="jdbc:postgresql://reports-db.internal:5432/reports"
            username="reports_ro"
            password="@@pw.tomcat@@"  ⟦S generic_password medium plain pw.tomcat⟧
            maxTotal="20" maxIdle="5"/>
  <Parameter name="storage.secretKey" value="@@pw.tomcatparam@@" override="false"/>  ⟦S generic_secret medium plain pw.tomcatparam⟧
  <Parameter name="build.sha256" value="@@sha256.5@@" override="false"/>  ⟦D medium sha256 checksum⟧
  <Parameter name="session.cookieName" value="REPORTS_SESSION" override="false"/>
</Context>
"""

FILES["scripts/deploy.sh"] = r"""
#!/usr/bin/env bash
# Deploys the orders stack to the staging cluster.
set -euo pipefail

REGISTRY=registry.internal
export GITHUB_TOKEN=@@ghp.3@@  ⟦S github_pat easy plain ghp.3⟧
export VAULT_TOKEN='@@vault.1@@'  ⟦S generic_token medium plain vault.1⟧
DB_ADMIN_PASSWORD='@@pw.sh@@'  ⟦S generic_password medium plain pw.sh⟧
SENTRY_TOKEN="${SENTRY_TOKEN:?set SENTRY_TOKEN}"  ⟦D medium reference to an environment variable⟧

# Kept encoded "so the CI log masker leaves it alone".
CI_TOKEN=$(echo '@@b64:glpat.1@@' | base64 -d)  ⟦S gitlab_pat hard base64 glpat.1⟧
SLACK_TOKEN=$(printf '@@xesc:xoxb.4@@')  ⟦S slack_bot_token hard escapes xoxb.4⟧

curl -fsS https://deploy:@@pwurl.3@@@registry.internal/v2/_catalog >/dev/null  ⟦S basic_auth_url medium plain pwurl.3⟧
echo "@@sha256.6@@  orders-api.tar.gz" | sha256sum -c -  ⟦D medium sha256 checksum⟧
RELEASE_COMMIT=@@gitsha.4@@  ⟦D medium git commit id⟧

kubectl create secret generic orders-runtime --from-literal=password="$DB_ADMIN_PASSWORD" \  ⟦D medium reference to a variable⟧
  --from-literal=ci-token="$CI_TOKEN" --from-literal=slack-token="$SLACK_TOKEN" \
  --dry-run=client -o yaml | kubectl apply -f -
helm upgrade --install orders deploy/helm --set image.tag="$RELEASE_COMMIT"
"""

FILES["tools/sync_buckets.py"] = r'''
"""Copies the nightly exports between buckets and posts a summary to Slack."""
import base64
import getpass
import os
import uuid

import boto3
import requests

GITHUB_TOKEN = os.environ["GITHUB_TOKEN"]  ⟦D medium environment lookup⟧
# Left over from a debugging session.
FALLBACK_TOKEN = "@@ghp.4@@"  ⟦S github_pat easy plain ghp.4⟧
TWILIO_ACCOUNT_SID = "@@twiliosid.1@@"  ⟦D easy account SID is an identifier⟧
TWILIO_API_KEY = "@@twiliosk.1@@"  ⟦S twilio_api_key easy plain twiliosk.1⟧
TWILIO_API_SECRET = "@@rnd.twiliosecret@@"  ⟦S generic_secret medium plain rnd.twiliosecret⟧

_ARCHIVE_TOKEN = base64.b64decode("@@b64:ghp.5@@").decode()  ⟦S github_pat hard base64 ghp.5⟧
_PAYMENTS = bytes.fromhex("@@hex:stripe.3@@").decode()  ⟦S stripe_secret_key hard hex stripe.3⟧
_MAPS = @@chrs:aiza.3@@  ⟦S google_api_key hard charcodes aiza.3⟧
_BACKUP_KEY_ID = "".join(["@@slice:akia.5:0:4@@", "@@slice:akia.5:4:10@@", "@@slice:akia.5:10:15@@", "@@slice:akia.5:15:@@"])  ⟦S aws_access_key_id hard concat akia.5⟧
_SLACK = "@@rev:xoxb.2@@"[::-1]  ⟦S slack_bot_token hard reversed xoxb.2⟧
_OPS_TOKEN = ("@@slice:ghp.6:0:14@@"  ⟦S github_pat hard concat ghp.6⟧
              "@@slice:ghp.6:14:28@@"
              "@@slice:ghp.6:28:@@")

BANNER = base64.b64decode("@@b64:text.banner@@").decode()  ⟦D hard base64 of ordinary text⟧
GREETING = "@@rev:text.hello@@"[::-1]  ⟦D hard reversed ordinary text⟧
TEST_ROWS = ["@@rnd.t1@@", "@@rnd.t2@@", "@@rnd.t3@@"]  ⟦D medium random test data without a secret-ish name⟧
RUN_ID = uuid.UUID("@@uuid.4@@")  ⟦D medium uuid⟧


def storage_client():
    return boto3.client("s3", aws_access_key_id=_BACKUP_KEY_ID,
                        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"))  ⟦D medium environment lookup⟧


def payments_client(Client):
    return Client(secret_key="@@pw.pykw@@", timeout=30)  ⟦S generic_secret medium plain pw.pykw⟧


def unlock_vault():
    password = getpass.getpass("vault password: ")  ⟦D medium interactive prompt⟧
    return password


def notify(summary):
    requests.post("https://slack.com/api/chat.postMessage", timeout=10,
                  headers={"Authorization": "Bearer " + _SLACK},
                  json={"channel": "#exports", "text": BANNER + ": " + summary})
'''

FILES["web/src/api/client.js"] = r"""
// HTTP client for the storefront. Keys should come from the build environment.
const MAPS_KEY = "@@aiza.1@@";  ⟦S google_api_key easy plain aiza.1⟧
const SERVICE_JWT = "@@jwt.3@@";  ⟦S jwt easy plain jwt.3⟧

const config = {
  apiBase: "https://api.orders.example.com",
  apiKey: process.env.ORDERS_API_KEY,  ⟦D medium environment lookup⟧
  password: "@@pw.jsobj@@",  ⟦S generic_password medium plain pw.jsobj⟧
  retries: 3,
};
const apiSecret = '@@pw.js@@';  ⟦S generic_secret medium plain pw.js⟧
const requestId = "@@uuid.5@@";  ⟦D medium uuid⟧
const integrity = "@@sri.1@@";  ⟦D medium subresource integrity hash⟧

const analyticsToken = String.fromCharCode(@@codes:ghp.7@@);  ⟦S github_pat hard charcodes ghp.7⟧
const paymentsKey = atob("@@b64:stripe.4@@");  ⟦S stripe_secret_key hard base64 stripe.4⟧
const mapsFallback = "@@rev:aiza.2@@".split("").reverse().join("");  ⟦S google_api_key hard reversed aiza.2⟧
const mailKey = "@@xesc:sendgrid.3@@";  ⟦S sendgrid_api_key hard escapes sendgrid.3⟧
const deployToken = ["@@slice:glpat.2:0:9@@", "@@slice:glpat.2:9:18@@", "@@slice:glpat.2:18:@@"].join("");  ⟦S gitlab_pat hard concat glpat.2⟧
const exportUrl = "https://reports.example.com/export?dsn=@@pct:pgdsn.1@@";  ⟦S postgres_url hard url pgdsn.1/pw⟧
const fixtureB64 = btoa("@@text.fixture@@");
const greeting = String.fromCharCode(@@codes:text.hello@@);  ⟦D hard character codes of ordinary text⟧

export async function call(path, body) {
  const response = await fetch(config.apiBase + path, {
    method: "POST",
    headers: { "X-Api-Key": config.apiKey, "X-Request-Id": requestId, Authorization: "Bearer " + SERVICE_JWT },
    body: JSON.stringify({ body, maps: MAPS_KEY || mapsFallback, t: analyticsToken, p: paymentsKey }),
  });
  return { response, mailKey, deployToken, exportUrl, apiSecret, integrity, fixtureB64, greeting };
}
"""

FILES["billing/src/main/java/com/example/billing/PaymentGateway.java"] = r"""
package com.example.billing;

import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.Properties;

public final class PaymentGateway {
    private static final String DB_PASSWORD = "@@pw.java@@";  ⟦S generic_password medium plain pw.java⟧
    private static final String SERVICE_JWT = "@@jwt.1@@";  ⟦S jwt easy plain jwt.1⟧
    private static final String PAYLOAD_SHA256 = "@@sha256.7@@";  ⟦D medium sha256 checksum⟧
    private static final String SAMPLE_PAYLOAD = "@@rnd.javasample@@";  ⟦D medium random test data without a secret-ish name⟧

    // Emitted by the code generator with every character escaped.
    private static final String RECEIPTS_KEY_ID = "@@uesc:akia.3@@";  ⟦S aws_access_key_id hard escapes akia.3⟧
    private static final String MAIL_KEY = "@@slice:sendgrid.2:0:20@@"  ⟦S sendgrid_api_key hard concat sendgrid.2⟧
            + "@@slice:sendgrid.2:20:45@@"
            + "@@slice:sendgrid.2:45:@@";
    private static final String LEGACY_TOKEN = new StringBuilder("@@rev:ghp.8@@").reverse().toString();  ⟦S github_pat hard reversed ghp.8⟧
    private static final String PARTNER_TOKEN = new String(Base64.getDecoder().decode("@@b64:jwt.2@@"));  ⟦S jwt hard base64 jwt.2⟧

    Properties mailProperties() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.user", "billing");
        p.setProperty("mail.smtp.password", "@@pw.java2@@");  ⟦S generic_password medium plain pw.java2⟧
        p.setProperty("mail.smtp.key", MAIL_KEY);
        return p;
    }

    String databasePassword() {
        String fromEnv = System.getenv("DB_PASSWORD");  ⟦D medium environment lookup⟧
        return fromEnv != null ? fromEnv : DB_PASSWORD;
    }

    HttpRequest.Builder authorize(HttpRequest.Builder b, boolean partner) {
        b.header("X-Payload-Digest", PAYLOAD_SHA256).header("X-Sample", SAMPLE_PAYLOAD);
        b.header("X-Receipts", RECEIPTS_KEY_ID);
        b.header("X-Legacy", LEGACY_TOKEN);
        return b.header("Authorization", "Bearer " + (partner ? PARTNER_TOKEN : SERVICE_JWT));
    }
}
"""

FILES["cmd/worker/main.go"] = r"""
package main

import (
    "encoding/hex"
    "log"
    "os"
)

const mongoURI = "mongodb+srv://worker:@@pwurl.4@@@cluster0.x7kq2.mongodb.net/jobs?retryWrites=true"  ⟦S mongodb_url easy plain pwurl.4⟧
const alertHook = "@@slackhook.2@@"  ⟦S slack_webhook easy plain slackhook.2⟧

type Config struct {
    APIToken string
    Region   string
}

func main() {
    dbPassword := "@@pw.go@@"  ⟦S generic_password medium plain pw.go⟧
    cfg := Config{APIToken: "@@rnd.goapitoken@@", Region: "eu-west-1"}  ⟦S generic_token medium plain rnd.goapitoken⟧
    registryKey, _ := hex.DecodeString("@@hex:glpat.3@@")  ⟦S gitlab_pat hard hex glpat.3⟧
    queueSecret := string([]byte{@@codes:xoxb.3@@})  ⟦S slack_bot_token hard charcodes xoxb.3⟧
    stripeKey := "@@slice:stripe.6:0:8@@" + "@@slice:stripe.6:8:20@@" + "@@slice:stripe.6:20:@@"  ⟦S stripe_secret_key hard concat stripe.6⟧
    token := os.Getenv("API_TOKEN")  ⟦D medium environment lookup⟧
    buildCommit := "@@gitsha.5@@"  ⟦D medium git commit id⟧
    traceID := "@@uuid.6@@"  ⟦D medium uuid⟧
    example := "sk_live_" + "xxxxxxxxxxxxxxxxxxxxxxxx"  ⟦D hard concatenated placeholder⟧
    log.Printf("worker %s (%s) starting, trace %s", buildCommit, cfg.Region, traceID)
    run(mongoURI, alertHook, dbPassword, cfg, string(registryKey), queueSecret, stripeKey, token, example)
}
"""

FILES["db/migrations/0007_reporting_roles.sql"] = r"""
-- Reporting roles for the BI team, and the integrations table seed.
CREATE USER reporting IDENTIFIED BY '@@pw.sql1@@';  ⟦S generic_password medium plain pw.sql1⟧
GRANT SELECT ON orders.* TO reporting;
ALTER ROLE app_writer WITH LOGIN PASSWORD '@@pw.sql2@@';  ⟦S generic_password medium plain pw.sql2⟧
CREATE ROLE etl_loader WITH LOGIN PASSWORD '<password>';  ⟦D medium placeholder⟧

CREATE TABLE integrations (name text PRIMARY KEY, config text NOT NULL);
INSERT INTO integrations (name, config) VALUES ('stripe', 'mode=live&key=sk%5Flive%5F@@slice:stripe.5:8:@@');  ⟦S stripe_secret_key hard url stripe.5⟧
INSERT INTO integrations (name, config) VALUES ('slack', convert_from(decode('@@hex:xoxp.1@@', 'hex'), 'UTF8'));  ⟦S slack_user_token hard hex xoxp.1⟧
INSERT INTO integrations (name, config) VALUES ('audit', 'endpoint=https://audit.internal');
INSERT INTO integrations (name, config) VALUES ('motd', convert_from(decode('@@hex:text.motd@@', 'hex'), 'UTF8'));  ⟦D hard hex of ordinary text⟧

CREATE TABLE exported_files (path text, etag text, sha256 text);
INSERT INTO exported_files VALUES ('exports/2024-03.csv', '@@md5.3@@', '@@sha256.8@@');  ⟦D medium md5 etag and sha256 checksum⟧
INSERT INTO tenants (id, name) VALUES ('@@uuid.7@@', 'acme');  ⟦D medium uuid⟧
"""

FILES["infra/main.tf"] = r"""
terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "@@akia.4@@"  ⟦S aws_access_key_id easy plain akia.4⟧
  secret_key = "@@awssecret.2@@"  ⟦S aws_secret_access_key easy plain awssecret.2⟧
}

resource "aws_db_instance" "orders" {
  identifier     = "orders-prod"
  engine         = "postgres"
  instance_class = "db.t3.medium"
  username       = "orders_admin"
  password       = "@@pw.tf@@"  ⟦S generic_password medium plain pw.tf⟧
}

resource "aws_db_instance" "replica" {
  identifier = "orders-replica"
  password   = var.replica_password  ⟦D medium reference to a variable⟧
}

resource "aws_lambda_function" "export" {
  function_name    = "orders-export"
  source_code_hash = "@@sha256b64.1@@"  ⟦D medium base64 sha256 of the package⟧
  environment {
    variables = {
      GITLAB_TOKEN = base64decode("@@b64:glpat.4@@")  ⟦S gitlab_pat hard base64 glpat.4⟧
      KMS_KEY_ID   = "arn:aws:kms:eu-west-1:123456789012:key/@@uuid.8@@"  ⟦D medium ARN with a uuid⟧
    }
  }
}
"""

FILES["docker/worker.Dockerfile"] = r"""
FROM python:3.12-slim@sha256:@@sha256.9@@  ⟦D medium image digest⟧
ARG PIP_EXTRA_INDEX_URL
ENV GITLAB_TOKEN=@@glpat.5@@  ⟦S gitlab_pat easy plain glpat.5⟧
ENV ADMIN_PASSWORD=@@pw.docker@@  ⟦S generic_password medium plain pw.docker⟧
RUN pip install --index-url https://ci:@@pwurl.5@@@pypi.internal/simple orders-client  ⟦S basic_auth_url medium plain pwurl.5⟧
RUN echo "@@b64:npmrc.1@@" | base64 -d > /root/.npmrc  ⟦S npm_token hard base64 npmrc.1/tok⟧
ENV API_TOKEN=""  ⟦D medium empty value⟧
COPY --chown=10001:10001 worker/ /opt/worker/
USER 10001
ENTRYPOINT ["python", "-m", "worker"]
"""

FILES["docs/SETUP.md"] = r"""
# Setting up a development environment

Export the credentials of your sandbox account. The values below are the examples from the AWS
documentation, not keys of ours:

    export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE  ⟦D easy AWS documentation example⟧
    export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY  ⟦D easy AWS documentation example⟧

Create a personal access token and put it in `~/.config/orders/env`:

    GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  ⟦D easy placeholder⟧
    STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx  ⟦D easy placeholder⟧

The local database runs in Docker: `psql postgres://user:password@localhost:5432/orders`.  ⟦D medium placeholder credentials⟧

## Troubleshooting

If the Slack notifier fails with `invalid_auth`, check the token the notifier uses with:

    curl -H "Authorization: Bearer @@xoxp.2@@" https://slack.com/api/auth.test  ⟦S slack_user_token easy plain xoxp.2⟧

The read-only analytics replica is `postgres://analyst:@@pwurl.6@@@analytics.internal:5432/events`.  ⟦S postgres_url easy plain pwurl.6⟧

The signer expects the key in this form:

    -----BEGIN RSA PRIVATE KEY-----  ⟦D easy placeholder key⟧
    <paste your key here>
    -----END RSA PRIVATE KEY-----

Release archives are published with their checksums (sha256 `@@sha256.10@@`).  ⟦D medium sha256 checksum⟧
"""

FILES["keys/deploy_rsa.pem"] = r"""
@@pem:rsapem.1@@  ⟦S private_key easy plain rsapem.1/line⟧
"""

FILES["keys/id_ed25519"] = r"""
@@pem:ossh.1@@  ⟦S openssh_private_key easy plain ossh.1/line⟧
"""

FILES["keys/id_ed25519.pub"] = r"""
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI@@slice:sha256b64.pub:0:43@@ ci@orders-build  ⟦D easy public key⟧
"""

FILES["keys/release-signing.asc"] = r"""
@@pem:pgp.1@@  ⟦S pgp_private_key easy plain pgp.1/line⟧
"""

FILES["credentials/orders-exporter-sa.json"] = r"""
{
  "type": "service_account",
  "project_id": "orders-prod-4471",
  "private_key_id": "@@sha1.3@@",  ⟦D medium key identifier, not the key⟧
  "private_key": "@@pemjson:gcppem.1@@\n",  ⟦S gcp_service_account_key easy plain gcppem.1/line⟧
  "client_email": "orders-exporter@orders-prod-4471.iam.gserviceaccount.com",
  "client_id": "1@@digits.1@@",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token",  ⟦D medium URL of the token endpoint⟧
  "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
  "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/orders-exporter%40orders-prod-4471.iam.gserviceaccount.com",
  "universe_domain": "googleapis.com"
}
"""

README = """\
# Secrets corpus

The labelled corpus `tests/secrets/tst_secretsaccuracy` runs `fuzzforge-secrets` on. Every
credential-looking value in these files is FAKE: drawn from a seeded pseudo-random generator
by `tests/secrets/make_corpus.py`, shaped like the real format (GitHub-style tokens carry a
valid CRC32 checksum so that a checksum-verifying detector accepts them) and never issued by
any service. Secret scanners and push protection flag them on purpose; that is what the corpus
is for.

`labels.json` lists each planted secret (file, 1-based line where a detector should report it,
kind, difficulty, the layer that hides it, and the value for the redaction check) and each decoy
that must not be reported. Edit the templates in `make_corpus.py` and re-run it rather than the
files here, so that the line numbers stay right.
"""


def self_check(labels, texts):
    """Each label points at the line that holds its value (plain) or its encoded form."""
    seen = set()
    for s in labels["secrets"] + labels["decoys"]:
        key = (s["file"], s["line"])
        assert key not in seen, "two labels on %s:%d" % key
        seen.add(key)
    for s in labels["secrets"]:
        lines = texts[s["file"]].split("\n")
        line = lines[s["line"] - 1]
        if s["layer"] == "plain":
            window = "\n".join(lines[s["line"] - 1:s["line"] + 2])
            assert s["value"] in line or s["value"] in window.replace("\\n", "\n"), s
        if "encoded" in s:
            assert s["encoded"] in line, s
        assert s["difficulty"] in ("easy", "medium", "hard"), s
        assert (s["layer"] == "plain") == (s["difficulty"] != "hard"), s


def main():
    root = pathlib.Path(__file__).resolve().parent / "corpus"
    labels = {"secrets": [], "decoys": []}
    texts = {}
    for path, template in FILES.items():
        texts[path] = render(path, template, labels)
    self_check(labels, texts)
    for path, text in texts.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    (root / "README.md").write_text(README)
    labels["secrets"].sort(key=lambda s: (s["file"], s["line"]))
    labels["decoys"].sort(key=lambda s: (s["file"], s["line"]))
    (root / "labels.json").write_text(json.dumps(labels, indent=1) + "\n")
    counts = {}
    for s in labels["secrets"]:
        counts[s["difficulty"]] = counts.get(s["difficulty"], 0) + 1
    print("%d files, %d secrets %s, %d decoys" % (len(texts), len(labels["secrets"]), counts,
                                                  len(labels["decoys"])), file=sys.stderr)


if __name__ == "__main__":
    main()
