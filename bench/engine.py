"""Engine benchmark: start-up time and time per question, in-process, after warm-up.

    python bench/engine.py [QUESTIONS.jsonl ...]

Questions default to the development set and the paraphrases in tests/data. Each
question is answered in a fresh conversation; the figures are the median and
95th percentile of many rounds. Prints figures; asserts nothing.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py must not hide the standard library's http

ROUNDS = 200
TARGET_US = 150  # the median engine time per question we aim for
REFERENCE_LOOPS = 1_000_000  # a fixed pure-Python workload, to compare figures taken on different machines


def reference_ms() -> float:
    """The best of five runs of a fixed pure-Python workload (dict, string and arithmetic work, as the
    engine does): engine figures scale with it from one machine to another."""
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        seen: dict[str, int] = {}
        for i in range(REFERENCE_LOOPS):
            key = "k" + str(i % 1000)
            seen[key] = seen.get(key, 0) + i % 7
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def questions(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts


def main() -> None:
    default = [ROOT / "tests" / "data" / "dev_questions.jsonl", ROOT / "tests" / "data" / "paraphrases.jsonl"]
    paths = [Path(p) for p in sys.argv[1:]] or [p for p in default if p.exists()]
    texts = questions(paths)

    started = time.perf_counter()
    from chatbot.engine import ConversationState, Library

    library = Library.load()
    startup = time.perf_counter() - started
    bot = library.get(library.slugs[0])

    for text in texts:  # warm-up: imports, stemmer caches
        bot.reply(text, ConversationState())
    timings = []
    for _ in range(ROUNDS):
        for text in texts:
            t0 = time.perf_counter_ns()
            bot.reply(text, ConversationState())
            timings.append(time.perf_counter_ns() - t0)
    timings.sort()
    median = statistics.median(timings) / 1000
    p95 = timings[int(len(timings) * 0.95)] / 1000
    print(f"questions: {len(texts)} from {', '.join(p.name for p in paths)}; {ROUNDS} rounds")
    print(f"start-up (import + load {len(library.slugs)} article(s)): {startup * 1000:.0f} ms")
    print(f"engine time per question: median {median:.0f} µs, p95 {p95:.0f} µs (target: median ≤ {TARGET_US} µs)")
    reference = reference_ms()
    print(f"machine reference: {reference:.0f} ms for a fixed pure-Python workload; the median is "
          f"{median / reference:.2f} µs per reference millisecond (compare machines by this ratio)")


if __name__ == "__main__":
    main()
