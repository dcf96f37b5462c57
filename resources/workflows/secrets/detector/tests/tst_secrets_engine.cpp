// Unit test of the fuzzforge-secrets engine: every rule on a literal, the GitHub checksum, each
// decoding layer, placeholders and look-alikes that must stay quiet, redaction and skip counts.
// A failed check prints its case and carries on; the exit code says whether any failed.

#include "testsupport.h"

int main()
{
    using namespace ffsecrets::test;
    testRules();
    testGenericFormats();
    testLayers();
    testQuiet();
    testRedaction();
    testWalk();
    if (g_failures) {
        std::cerr << "tst_secrets_engine: " << g_failures << " of " << g_checks << " checks failed\n";
        return 1;
    }
    std::cout << "tst_secrets_engine: all " << g_checks << " checks passed\n";
    return 0;
}
