"""Coverage-guided fuzzing of the parsers that read what strangers send (docs/fuzzing.md).

    python -m fuzz.run              every target; ``make fuzz`` is this with FUZZ_RUNS
    python -m fuzz.harness NAME     one target under libFuzzer (atheris), its flags after

``targets`` holds one module per parser, each with ``fuzz_one(data)``: it feeds the bytes
in, lets the parser's own typed error pass and raises on anything else (``policy``),
then checks what came out (``html_checks`` for every HTML we produce).
"""
