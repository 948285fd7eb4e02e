"""What the rules add: a plain BM25 retriever against the engine, on the same questions.

    python bench/baseline.py [QUESTIONS.jsonl ...]

The baseline ranks the article's sentences with BM25 over accent-folded, stemmed
words (no concepts, no intents, no dialogue), quotes the best one or two, and
refuses when the best score is under a threshold tuned on the development
questions for its best accuracy. Both are scored with the same rule. Prints
figures; asserts nothing.
"""
from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py must not hide the standard library's http

from chatbot import evaluation  # noqa: E402
from chatbot.engine import Library  # noqa: E402
from chatbot.engine.text import is_stopword, stems, strip_accents, tokenize  # noqa: E402

K1, B = 1.2, 0.75
DEV = ROOT / "tests" / "data" / "dev_questions.jsonl"


class BM25:
    def __init__(self, passages: list[str]):
        self.passages = passages
        self.docs = [self.terms(p) for p in passages]
        n = len(self.docs)
        df = Counter(k for doc in self.docs for k in doc)
        self.idf = {k: math.log(1 + (n - d + 0.5) / (d + 0.5)) for k, d in df.items()}
        self.average = sum(sum(d.values()) for d in self.docs) / n

    @staticmethod
    def terms(text: str) -> Counter:
        words = [w for w in tokenize(text, keep_accents=True) if not is_stopword(strip_accents(w))]
        return Counter(k for w in words for k in stems(w, "fr"))

    def answer(self, question: str, threshold: float) -> list[str]:
        query = self.terms(question)
        scored = []
        for text, doc in zip(self.passages, self.docs, strict=True):
            norm = K1 * (1 - B + B * sum(doc.values()) / self.average)
            score = sum(self.idf[k] * doc[k] * (K1 + 1) / (doc[k] + norm) for k in query if k in doc)
            scored.append((score, text))
        scored.sort(key=lambda s: -s[0])
        if not scored or scored[0][0] < threshold:
            return []
        return [text for score, text in scored[:2] if score >= 0.5 * scored[0][0]]


def accuracy(answer, questions: list[dict]) -> float:
    steps = [s for q in questions for s in q["turns"]]
    return sum(evaluation.judge(s["expect"], " ".join(answer(s["text"]))) for s in steps) / len(steps)


def main() -> None:
    library = Library.load()
    bot = library.get(library.slugs[0])
    baseline = BM25([p.text for p in bot.article.passages])
    dev = evaluation.load(DEV)
    thresholds = [t / 10 for t in range(0, 101)]
    best = max(thresholds, key=lambda t: (accuracy(lambda q: baseline.answer(q, t), dev), -t))
    print(f"BM25 refusal threshold tuned on {DEV.name}: {best}")
    files = [Path(p) for p in sys.argv[1:]] or [DEV, ROOT / "tests" / "data" / "paraphrases.jsonl"]
    print(f"{'questions':<28} {'BM25':>7} {'engine':>7} {'gain':>7}")
    for path in files:
        questions = evaluation.load(path)
        plain = accuracy(lambda q: baseline.answer(q, best), questions)
        engine = sum(o.ok for o in evaluation.run(bot, questions)) / sum(len(q["turns"]) for q in questions)
        print(f"{path.name:<28} {plain:7.1%} {engine:7.1%} {100 * (engine - plain):+6.1f} pts")


if __name__ == "__main__":
    main()
