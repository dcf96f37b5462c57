// Each decoding layer, redaction of values in every output, and the directory walk.

#include "sarif.h"
#include "testsupport.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ffsecrets::test {

void testLayers()
{
    const std::string gh = github();
    expectRule("base64", "# header\nblob = \"" + b64(gh) + "\"\n", "a.py", "github-pat-classic",
               Layer::Base64, 2);
    expectRule("hex", "val h = \"" + hexOf(gh) + "\"\n", "a.kt", "github-pat-classic", Layer::Hex, 1);
    std::string pct;
    for (char c : gh)
        pct += "%" + hexOf(std::string(1, c));
    expectRule("url", "curl 'https://api/x?t=" + pct + "'\n", "a.sh", "github-pat-classic", Layer::Url, 1);
    expectRule("concat +", "tok = \"" + gh.substr(0, 12) + "\" + \"" + gh.substr(12) + "\"\n", "a.py",
               "github-pat-classic", Layer::Concat, 1);
    expectRule("concat adjacent",
               "TOKEN = (\n    '" + gh.substr(0, 20) + "'\n    '" + gh.substr(20) + "'\n)\n", "a.py",
               "github-pat-classic", Layer::Concat, 1);
    expectRule("concat join",
               "t = \"\".join([\"" + gh.substr(0, 10) + "\", \"" + gh.substr(10, 15) + "\", \"" +
                   gh.substr(25) + "\"])\n",
               "a.py", "github-pat-classic", Layer::Concat, 1);
    expectRule("concat java lines",
               "class A {\n  String t = \"" + gh.substr(0, 15) + "\" +\n      \"" + gh.substr(15) +
                   "\";\n}\n",
               "A.java", "github-pat-classic", Layer::Concat, 2);
    const std::string pw = "Zq7" + g.alnum(13);
    expectRule("concat generic", "password = \"" + pw.substr(0, 8) + "\" + \"" + pw.substr(8) + "\"\n",
               "a.py", "generic-password", Layer::Concat, 1);
    expectRule("concat array join",
               "const t = [\"" + gh.substr(0, 9) + "\", \"" + gh.substr(9, 20) + "\", \"" + gh.substr(29) +
                   "\"].join(\"\");\n",
               "a.js", "github-pat-classic", Layer::Concat, 1);
    const std::string rev(gh.rbegin(), gh.rend());
    expectRule("reversed marked", "t = \"" + rev + "\"[::-1]\n", "a.py", "github-pat-classic",
               Layer::Reversed, 1);
    expectRule("reversed unmarked", "const t = '" + rev + "';\n", "a.js", "github-pat-classic",
               Layer::Reversed, 1);
    const std::string prev(pw.rbegin(), pw.rend());
    expectRule("reversed generic", "password = new StringBuilder(\"" + prev + "\").reverse().toString();\n",
               "A.java", "generic-password", Layer::Reversed, 1);
    expectRule("charcodes array", "key = bytes([" + joinCodes(gh, ", ") + "]).decode()\n", "a.py",
               "github-pat-classic", Layer::CharCodes, 1);
    expectRule("charcodes fromCharCode", "const t = String.fromCharCode(" + joinCodes(gh, ",") + ");\n",
               "a.js", "github-pat-classic", Layer::CharCodes, 1);
    expectRule("charcodes chr", "t = " + joinCodes(gh, " + ", "chr(", ")") + "\n", "a.py",
               "github-pat-classic", Layer::CharCodes, 1);
    expectRule("charcodes multiline",
               "x = 1\nint[] t = {\n  " + joinCodes(gh.substr(0, 20), ", ") + ",\n  " +
                   joinCodes(gh.substr(20), ", ") + "};\n",
               "A.java", "github-pat-classic", Layer::CharCodes, 2);
    std::string hx, uni, oct;
    char buf[16];
    for (unsigned char c : gh) {
        std::snprintf(buf, sizeof buf, "\\x%02x", c);
        hx += buf;
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        uni += buf;
        std::snprintf(buf, sizeof buf, "\\%03o", c);
        oct += buf;
    }
    expectRule("escapes \\x", "t = \"" + hx + "\"\n", "a.py", "github-pat-classic", Layer::Escapes, 1);
    expectRule("escapes \\u", "const t = \"" + uni + "\";\n", "a.js", "github-pat-classic", Layer::Escapes,
               1);
    expectRule("escapes octal", "char *t = \"" + oct + "\";\n", "a.c", "github-pat-classic", Layer::Escapes,
               1);
    expectRule("base64 of an assignment", "cfg: " + b64("password=" + pw) + "\n", "a.yaml",
               "generic-password", Layer::Base64, 1);
    expectRule("base64 value under a key", "SECRET_KEY = base64.b64decode(\"" + b64(pw) + "\")\n", "a.py",
               "generic-secret", Layer::Base64, 1);
    expectRule("kubernetes secret data", "kind: Secret\ndata:\n  DB_PASSWORD: " + b64(pw) + "\n",
               "secret.yaml", "generic-password", Layer::Base64, 3);
    std::string chars;
    for (char c : gh)
        chars += std::string(chars.empty() ? "" : ", ") + "'" + c + "'";
    expectRule("char array", "String t = new String(new char[]{" + chars + "});\n", "A.java",
               "github-pat-classic", Layer::Concat, 1);
    expectRule("php chr", "$t = " + joinCodes(gh, " . ", "chr(", ")") + ";\n", "a.php", "github-pat-classic",
               Layer::CharCodes, 1);
    expectRule("go hex bytes",
               "var k = []byte{0x" + hexOf(gh.substr(0, 1)) + ", 0x" + hexOf(gh.substr(1, 1)) + ", " +
                   joinCodes(gh.substr(2), ", ") + "}\n",
               "k.go", "github-pat-classic", Layer::CharCodes, 1);
    g_case = "concat then base64";
    const std::string enc = b64(gh);
    const auto fs = scan("s = \"" + enc.substr(0, 20) + "\" + \"" + enc.substr(20) + "\"\n", "a.py");
    const Finding *f = find(fs, "github-pat-classic");
    CHECK_MSG(f && f->chain.size() == 2 && f->chain[0] == Layer::Concat && f->chain[1] == Layer::Base64,
              describe(fs));
}

void testRedaction()
{
    g_case = "redaction";
    const std::string gh = github();
    const std::string pw = "Zq7" + g.alnum(15);
    const std::string enc = b64(gh);
    const std::string text =
        "token = \"" + gh + "\"\npassword = \"" + pw + "\"  # and " + gh + "\nblob = \"" + enc + "\"\n";
    ScanReport report;
    report.findings = scan(text, "dir with space/conf ig.py");
    CHECK_MSG(report.findings.size() >= 4, describe(report.findings));
    std::ostringstream sarif, table;
    writeSarif(sarif, report, fs::temp_directory_path());
    writeTable(table, report);
    for (const std::string &secret : {gh, pw, enc, gh.substr(4, 20), pw.substr(3)}) {
        CHECK_MSG(sarif.str().find(secret) == std::string::npos, "secret in the SARIF");
        CHECK_MSG(table.str().find(secret) == std::string::npos, "secret in the table");
    }
    CHECK(sarif.str().find("ghp_\xe2\x80\xa6") != std::string::npos);
    CHECK(sarif.str().find("\"uri\": \"dir%20with%20space/conf%20ig.py\"") != std::string::npos);
    CHECK(sarif.str().find("\"uriBaseId\": \"SRCROOT\"") != std::string::npos);
    CHECK(sarif.str().find("\"version\": \"2.1.0\"") != std::string::npos);
    CHECK(sarif.str().find("\"layer\": \"base64\"") != std::string::npos);
    CHECK(sarif.str().find("external/cwe/cwe-798") != std::string::npos);
}

namespace {

void write(const fs::path &p, std::string_view content)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
}

} // namespace

void testWalk()
{
    g_case = "walk and skip counts";
    const fs::path root =
        fs::temp_directory_path() / ("ffsecrets-test-" + std::to_string(::getpid())) / "target";
    fs::remove_all(root.parent_path());
    const std::string gh = github();
    write(root / "src/app.py", "token = \"" + gh + "\"\n");
    write(root / "node_modules/lib/index.js", "token = \"" + gh + "\"\n");
    write(root / ".git/config", "token = \"" + gh + "\"\n");
    write(root / "vendor/x.go", "token = \"" + gh + "\"\n");
    write(root / "logo.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11) + gh);
    write(root / "big.txt", std::string(4096, 'a') + "\ntoken = \"" + gh + "\"\n");
    write(root / "sub/target/out.cfg", "token = \"" + gh + "\"\n"); // no Cargo.toml: a plain folder
    ScanOptions options;
    options.maxFileSize = 1024;
    options.threads = 3;
    const ScanReport report = scanTree(engine(), root, options);
    CHECK_MSG(report.findings.size() == 2, describe(report.findings));
    CHECK(report.stats.filesScanned == 2);
    CHECK(report.stats.skippedBinary == 1);
    CHECK(report.stats.skippedVendored == 3);
    CHECK(report.stats.skippedLarge == 1);
    if (report.findings.size() == 2) {
        CHECK(report.findings[0].path == "src/app.py");
        CHECK(report.findings[1].path == "sub/target/out.cfg");
    }
    options.minConfidence = Confidence::High;
    write(root / "src/weak.env", "PASSWORD=admin123\n");
    CHECK(scanTree(engine(), root, options).findings.size() == 2);
    bool threw = false;
    try {
        scanTree(engine(), root / "missing", options);
    } catch (const std::runtime_error &) {
        threw = true;
    }
    CHECK(threw);
    fs::remove_all(root.parent_path());
}

} // namespace ffsecrets::test
