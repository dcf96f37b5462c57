#pragma once

namespace ff::test {

// A crashes.log record recorded from a real libFuzzer+ASan reproducer run (tests/unit/data/fuzz),
// shortened, with a line the harness printed that looks like a secret.
inline constexpr char kCrashRecord[] =
    "==== FUZZFORGE CRASH name=6d2830b1e76dc7300fce6745176601827d233de8 size=2 kind=crash engine=libfuzzer "
    "base64=RlI=\n"
    "Running: /results/crashes/6d2830b1e76dc7300fce6745176601827d233de8\n"
    "harness config api_key: Zx81kPq0aLm3Ty7u\n"
    "=================================================================\n"
    "==12091==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000052 at pc 0x556a7fa16d67 "
    "bp "
    "0x7ffcaca7ffb0 sp 0x7ffcaca7ffa8\n"
    "READ of size 1 at 0x602000000052 thread T0\n"
    "    #0 0x556a7fa16d66 in read_field /target/src/parser.c:12:13\n"
    "    #1 0x556a7fa16d66 in parse_record /target/src/parser.c:97:16\n"
    "    #2 0x556a7fa16f30 in LLVMFuzzerTestOneInput /target/fuzz/fuzz_parser.c:8:5\n"
    "    #3 0x556a7f93f2f3 in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) "
    "(/tmp/build/fuzzer+0x422f3) (BuildId: d910e06baa74206becce6088d592fff0d752c720)\n"
    "\n"
    "SUMMARY: AddressSanitizer: heap-buffer-overflow /target/src/parser.c:12:13 in read_field\n"
    "==12091==ABORTING\n"
    "==== FUZZFORGE END\n";

} // namespace ff::test
