"""Benchmark of `linkhub anonymise`: records/s on one core, start-up included.

Run: python tests/bench/bench_anonymise.py [N] [--presidio PYTHON [--presidio-model NAME] [--presidio-n K]]
     (default N = 20000, model en_core_web_sm)

The scrubber runs as a subprocess (`python -m linkhub.federation.anonymise.cli`)
over N corpus records, pinned to one core where the OS allows. Because timings
on shared machines are noisy, the same run also times a trivial JSON Lines
passthrough (`python -c`, parse and re-serialise each line) and prints the
ratio. Leak and keep figures of the same records are printed too, per kind.

With ``--presidio PYTHON`` (an interpreter that has presidio-analyzer, presidio-anonymizer and
a spaCy small English model installed; they are not project dependencies) the same records go
through Presidio's AnalyzerEngine + AnonymizerEngine in the same run, timed the same way, and its
output is scored by the same oracle.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import anonymise_corpus_independent as independent  # noqa: E402
from anonymise_corpus import evaluate, generate  # noqa: E402

PASSTHROUGH = (
    "import json, sys\n"
    "out = sys.stdout.buffer\n"
    "for line in sys.stdin.buffer:\n"
    "    if line.strip():\n"
    "        r = json.loads(line)\n"
    "        out.write(json.dumps(r, ensure_ascii=False).encode() + b'\\n')\n"
)


def _one_core() -> list[str]:
    return ["taskset", "-c", "0"] if sys.platform.startswith("linux") and _has("taskset") else []


def _has(program: str) -> bool:
    return any(os.access(os.path.join(p, program), os.X_OK) for p in os.environ.get("PATH", "").split(os.pathsep))


CPU: dict[str, float] = {}  # command -> best CPU seconds (user + system) of the child


def _time(cmd: list[str], input_path: str, repeat: int = 3) -> tuple[float, bytes]:
    """Best wall time of `repeat` runs (the least disturbed by other load); the child's CPU
    time (user + system, start-up included) is kept in CPU, a figure other load hardly moves."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    best, out = float("inf"), b""
    for _ in range(repeat):
        with open(input_path, "rb") as stdin:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run(_one_core() + cmd, stdin=stdin, capture_output=True, env=env, check=True)
            best = min(best, time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
            key = " ".join(cmd[:3]) + " " + input_path
            CPU[key] = min(CPU.get(key, float("inf")), cpu)
            out = proc.stdout
    return best, out


def _cpu(cmd: list[str], input_path: str) -> float:
    return CPU[" ".join(cmd[:3]) + " " + input_path]


PRESIDIO = (
    "import json, sys, spacy\n"
    "from presidio_analyzer import AnalyzerEngine\n"
    "from presidio_analyzer.nlp_engine import SpacyNlpEngine\n"
    "from presidio_anonymizer import AnonymizerEngine\n"
    "model = sys.argv[1]\n"
    "engine = SpacyNlpEngine(models=[{'lang_code': 'en', 'model_name': model}])\n"
    "analyzer, anonymizer = AnalyzerEngine(nlp_engine=engine), AnonymizerEngine()\n"
    "out = sys.stdout.buffer\n"
    "for line in sys.stdin.buffer:\n"
    "    if line.strip():\n"
    "        r = json.loads(line)\n"
    "        found = analyzer.analyze(text=r['text'], language='en')\n"
    "        r['text'] = anonymizer.anonymize(text=r['text'], analyzer_results=found).text\n"
    "        out.write(json.dumps(r, ensure_ascii=False).encode() + b'\\n')\n"
)


def _presidio(python: str, module: str, path: str, records: list[dict], n: int, scrub_s: float) -> None:
    """Presidio on the first ``n`` records; ``scrub_s`` is linkhub's time on the same records."""
    model = subprocess.run(
        [python, "-c", f"import spacy; m = spacy.load('{module}').meta; print(m['name'], m['version'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    seconds, out = _time([python, "-c", PRESIDIO, module], path, repeat=1)
    outputs = [json.loads(line)["text"] for line in out.splitlines()]
    result = evaluate(records, outputs)
    seconds_cpu = _cpu([python, "-c", PRESIDIO], path)
    mine_cpu = _cpu([sys.executable, "-m", "linkhub.federation.anonymise.cli"], path)
    print(
        f"presidio ({model}): {seconds:.2f} s -> {n / seconds:,.0f} records/s including start-up; "
        f"CPU {seconds_cpu:.2f} s -> {n / seconds_cpu:,.0f} records/s"
    )
    print(
        f"  linkhub anonymise is {seconds / scrub_s:.1f}x faster by wall time, "
        f"{seconds_cpu / mine_cpu:.1f}x by CPU time (target >= 10x)"
    )
    print(
        f"  presidio structured leaked {result['structured_leak']:.2%}, names leaked {result['name_leak']:.2%}, "
        f"kept {result['keep']:.2%}"
    )
    for kind, rate in result["leak_by_kind"].items():
        print(f"    {kind:<28} leaked {rate:.2%} of {result['counts_by_kind'][kind]}")


def main() -> None:
    args = sys.argv[1:]
    presidio, model = None, "en_core_web_sm"
    presidio_n = None
    for option in ("--presidio", "--presidio-model", "--presidio-n"):
        if option in args:
            at = args.index(option)
            if option == "--presidio":
                presidio = args[at + 1]
            elif option == "--presidio-model":
                model = args[at + 1]
            else:
                presidio_n = int(args[at + 1])
            del args[at : at + 2]
    n = int(args[0]) if args else 20000
    records = generate(n, seed=7)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        path = f.name
    try:
        scrub_s, out = _time([sys.executable, "-m", "linkhub.federation.anonymise.cli"], path)
        base_s, _ = _time([sys.executable, "-c", PASSTHROUGH], path)
        small = _first_lines(path, 1000)
        small_s, _ = _time([sys.executable, "-m", "linkhub.federation.anonymise.cli"], small)
        os.unlink(small)
        if presidio:
            k = min(presidio_n or n, n)
            part = _first_lines(path, k) if k < n else path
            part_s = _time([sys.executable, "-m", "linkhub.federation.anonymise.cli"], part)[0] if k < n else scrub_s
            print(
                f"presidio comparison on the first {k:,} of the same records "
                f"(linkhub anonymise: {part_s:.2f} s -> {k / part_s:,.0f} records/s)"
            )
            _presidio(presidio, model, part, records[:k], k, part_s)
            if k < n:
                os.unlink(part)
    finally:
        os.unlink(path)
    outputs = [json.loads(line)["text"] for line in out.splitlines()]
    assert len(outputs) == n
    result = evaluate(records, outputs)
    print(f"records: {n} (one core: {'yes' if _one_core() else 'not pinned'})")
    print(f"anonymise: {scrub_s:.2f} s -> {n / scrub_s:,.0f} records/s including start-up")
    scrub_cpu = _cpu([sys.executable, "-m", "linkhub.federation.anonymise.cli"], path)
    print(f"anonymise CPU time (one core, start-up included): {scrub_cpu:.2f} s -> {n / scrub_cpu:,.0f} records/s")
    print(f"passthrough baseline: {base_s:.2f} s -> {n / base_s:,.0f} records/s")
    print(f"ratio anonymise/baseline time: {scrub_s / base_s:.1f}x")
    print(f"1,000 records including start-up: {small_s:.2f} s -> {1000 / small_s:,.0f} records/s")
    print(f"structured identifiers leaked: {result['structured_leak']:.2%}")
    print(f"names leaked: {result['name_leak']:.2%} of {result['counts_by_type']['NAME']}")
    for kind, rate in result["leak_by_kind"].items():
        print(f"  {kind:<28} leaked {rate:.2%} of {result['counts_by_kind'][kind]}")
    print(f"kept terms kept: {result['keep']:.2%}")
    target = n / scrub_s >= 1000
    print(f"throughput target (>= 1,000 records/s): {'met' if target else 'NOT met'}")
    _independent(max(n // 10, 500))


def _independent(k: int) -> None:
    """The same CLI over the independent corpus (held-out seed) and its blind set, scored by its oracle."""
    for label, records in (
        ("independent corpus (seed 4242)", independent.generate(k, seed=4242)),
        ("independent blind set", independent.generate_blind(k)),
    ):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
            path = f.name
        try:
            seconds, out = _time([sys.executable, "-m", "linkhub.federation.anonymise.cli"], path, repeat=1)
        finally:
            os.unlink(path)
        outputs = [json.loads(line)["text"] for line in out.splitlines()]
        print(f"{label}: {k:,} records, {k / seconds:,.0f} records/s including start-up")
        print("  " + independent.report(independent.evaluate(records, outputs)).replace("\n", "\n  "))


def _first_lines(path: str, count: int) -> str:
    small = path + ".small"
    with open(path, encoding="utf-8") as src, open(small, "w", encoding="utf-8") as dst:
        for _, line in zip(range(count), src):
            dst.write(line)
    return small


if __name__ == "__main__":
    main()
