// Only the header matters: libFuzzer itself comes with `-sanitize=fuzzer`.
