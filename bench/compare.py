"""The engine's time per question beside an earlier revision's, on the same machine at the same time.

    python bench/compare.py REV [ROUNDS]

A noisy machine moves absolute figures by a quarter from one run to the next; running the
two versions in turns, in separate processes, and comparing their medians cancels most of
that. REV is checked out in a temporary git worktree; each tree runs its own `bench/engine.py`
on this tree's development and paraphrase questions. Prints figures; asserts nothing.
"""
from __future__ import annotations

import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEDIAN = re.compile(r"median (\d+) µs")


def median_us(tree: Path) -> int:
    """One run of a tree's own engine benchmark, on this tree's questions."""
    questions = [str(ROOT / "tests" / "data" / name) for name in ("dev_questions.jsonl", "paraphrases.jsonl")]
    out = subprocess.run([sys.executable, str(tree / "bench" / "engine.py"), *questions],
                         cwd=tree, capture_output=True, text=True, check=True).stdout
    return int(MEDIAN.search(out).group(1))


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rev, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", str(old), rev], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            now, then = [], []
            for _ in range(rounds):
                now.append(median_us(ROOT))
                then.append(median_us(old))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=True)
    a, b = statistics.median(now), statistics.median(then)
    print(f"engine median per question, {rounds} rounds each: this tree {a:.0f} µs ({now}), {rev} {b:.0f} µs ({then})")
    print(f"this tree takes {a / b:.2f}× the time of {rev}")


if __name__ == "__main__":
    main()
