"""Many articles: start-up time, memory per worker and time per question, for 1, 100 and 1,000 articles.

    python bench/articles.py [--sizes 1,100,1000] [--rounds 10]

For each size, a fresh Python process does what a web worker does at start-up
(imports the app, `create_app` on a folder of that many articles), then answers
a fixed set of questions (the development set) of the bundled article, which is
always among them. It reports the seconds to start, its resident memory (RSS,
what the worker holds; the CPU seconds of the start-up beside its wall-clock
seconds tell the work from the waiting on a busy machine), how long the first answer about an article takes (its
bot is built then), the median engine time per question, and, once every article
has been asked a question, the memory held and the time that took; ratios are
against one article. Last, what watching the content folder for changes costs: a
look that finds nothing changed (a request pays it every CHATBOT_CONTENT_RELOAD
seconds) and one that finds an article changed and reads it again. One process
per size, so that no size inherits another's memory or caches. Prints figures;
asserts nothing beyond the looks' results.

The articles are generated. Copies of the two real ones (the bundled article and
the test article) would flatter what is shared: every copy would hold the same
words. So each article past the first is a variant of one of them, with its own
vocabulary: half the words of its text and rules that are not in the shared base
rules (names, subject words, the article's own concept forms, section ids) are
replaced by words drawn at random from the engine's French and English word
lists, the same word for the same word across both files (the rules still fit
the text), and its sections come in a shuffled order. Its slug and title differ
too. Variants are drawn from a fixed seed, so every run builds the same ones.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py must not hide the standard library's http

TEMPLATES = (ROOT / "chatbot" / "content" / "ia-generative-fracture-numerique",
             ROOT / "tests" / "content" / "velo-urbain")
QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"
SEED = 2024
SHARE = 0.5  # of an article's own words, those replaced in each variant
MIN_LENGTH = 5  # shorter words are mostly function words every article shares
_WORD = re.compile(r"(?<!\\)[^\W\d_]+")  # not after a backslash: "\\bvelo" in a pattern is no word "bvelo"
FRONT_MATTER = {"title", "subtitle", "author", "source", "source_url", "lang"}
TARGETS = {"start-up": 10.0, "RSS": 1024.0}  # with 1,000 articles: seconds, MB per worker


def _keywords() -> set[str]:
    """Words the file formats themselves use, and every word of the base rules: never replaced."""
    from chatbot.engine.rules import INTENT_KEYS, KINDS, MOVES, TEXTS, TOP_LEVEL
    from chatbot.engine.text import LANGS, fold

    base = (ROOT / "chatbot" / "engine" / "base.toml").read_text(encoding="utf-8")
    return {fold(w) for w in _WORD.findall(base)} | {*INTENT_KEYS, *KINDS, *MOVES, *TEXTS, *TOP_LEVEL, *LANGS,
                                                     *FRONT_MATTER, "true", "false", "answer_types", "asks",
                                                     "evidence"}


def _vocabulary() -> list[str]:
    from chatbot.engine.dictionary import words

    return sorted(w for lang in ("fr", "en") for w in words(lang) if w.isascii() and w.isalpha() and len(w) >= 4)


def _shuffled_sections(body: str, rng: random.Random) -> str:
    """The front matter and the lead first, then the sections in another order."""
    parts = re.split(r"(?m)^(?=## )", body)
    head, sections = parts[0], [p.rstrip("\n") + "\n\n" for p in parts[1:]]
    rng.shuffle(sections)
    return head + "".join(sections).rstrip("\n") + "\n"


def generate(root: Path, count: int) -> list[Path]:
    """The bundled article, then `count - 1` variants of the real articles, as folders under `root`."""
    from chatbot.engine.text import fold

    keywords, vocabulary = _keywords(), _vocabulary()
    sources = [(t, (t / "article.md").read_text(encoding="utf-8"), (t / "rules.toml").read_text(encoding="utf-8"))
               for t in TEMPLATES]
    taken = keywords | {fold(w) for _, article, rules in sources for w in _WORD.findall(article + rules)}
    spare = [w for w in vocabulary if w not in taken]
    first = root / TEMPLATES[0].name
    shutil.copytree(TEMPLATES[0], first)
    folders = [first]
    for i in range(1, count):
        rng = random.Random(SEED + i)
        template, article, rules = sources[i % len(sources)]
        own = sorted({fold(w) for w in _WORD.findall(article + rules)} - keywords)
        own = [w for w in own if len(w) >= MIN_LENGTH and w.isascii()]
        replaced = rng.sample(own, int(len(own) * SHARE))
        mapping = dict(zip(replaced, rng.sample(spare, len(replaced)), strict=True))

        def substitute(text: str, mapping: dict[str, str] = mapping) -> str:
            def one(m: re.Match) -> str:
                new = mapping.get(fold(m.group()))
                return m.group() if new is None else new.capitalize() if m.group()[0].isupper() else new
            return _WORD.sub(one, text)

        folder = root / f"{template.name}-{i:04d}"
        folder.mkdir()
        (folder / "article.md").write_text(_shuffled_sections(substitute(article), rng), encoding="utf-8")
        (folder / "rules.toml").write_text(substitute(rules), encoding="utf-8")
        folders.append(folder)
    return folders


def measure(content: Path, rounds: int) -> dict:
    """In this process: start the app on `content`, time the first answer (its bot is built then) and the
    questions, then ask every article once (all bots built). Returns the figures."""
    started, cpu = time.perf_counter(), time.process_time()
    from chatbot import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"CONTENT_DIR": str(content), "SECRET_KEY": "bench",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3"})
        startup, cpu = time.perf_counter() - started, time.process_time() - cpu
        rss = _memory("VmRSS")
        from chatbot.engine import ConversationState

        library = app.extensions["chatbot.library"]
        with QUESTIONS.open(encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        t0 = time.perf_counter()
        bot = library.get(TEMPLATES[0].name)  # built on first use
        bot.reply(texts[0], ConversationState())
        first = time.perf_counter() - t0
        for text in texts:  # warm-up
            bot.reply(text, ConversationState())
        timings = []
        for _ in range(rounds):
            for text in texts:
                t0 = time.perf_counter_ns()
                bot.reply(text, ConversationState())
                timings.append(time.perf_counter_ns() - t0)
        question = statistics.median(timings) / 1000
        look, changed = _watching(library)
        t0 = time.perf_counter()
        for slug in library.slugs:  # every article asked once: all their bots built
            library.get(slug).reply(texts[0], ConversationState())
        return {"articles": len(library.slugs), "startup": startup, "cpu": cpu, "rss": rss, "first": first,
                "question": question, "every": time.perf_counter() - t0, "all": _memory("VmRSS"),
                "questions": len(texts), "look": look, "changed": changed}


def _watching(library) -> tuple[float, float]:
    """What watching the content folder costs: a look that finds nothing changed (a request pays it every
    CHATBOT_CONTENT_RELOAD seconds), and one that finds an article changed and reads it again; in seconds."""
    looks = []
    for _ in range(5):
        t0 = time.perf_counter()
        assert library.reloaded() is None
        looks.append(time.perf_counter() - t0)
    (library.root / library.slugs[-1] / "article.md").touch()
    t0 = time.perf_counter()
    assert library.reloaded() is not None
    return statistics.median(looks), time.perf_counter() - t0


def _memory(field: str) -> float:
    """A figure of this process's memory from /proc, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,100,1000", help="numbers of articles, comma-separated")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the questions per size")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the process that starts the app
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.rounds)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        folders = generate(Path(tmp) / "all", max(sizes))
        rows = []
        for size in sizes:
            content = Path(tmp) / f"{size}"
            content.mkdir()
            for folder in folders[:size]:
                (content / folder.name).symlink_to(folder, target_is_directory=True)
            out = subprocess.run([sys.executable, __file__, "--measure", str(content), "--rounds", str(args.rounds)],
                                 capture_output=True, text=True, check=True).stdout
            rows.append(json.loads(out.splitlines()[-1]))
    first = rows[0]
    print(f"questions: {first['questions']} from {QUESTIONS.name}, {args.rounds} rounds, asked of {TEMPLATES[0].name}")
    print(f"{'articles':>8} {'start-up (CPU)':>16} {'RSS':>7} {'1st answer':>10} {'question':>9}  "
          f"{'÷ ' + str(first['articles']) + ':':>4} {'start-up':>8} {'RSS':>5} {'question':>8}  every article asked"
          "   watching: a look, one article changed")
    for r in rows:
        ratios = (r["startup"] / first["startup"], r["rss"] / first["rss"], r["question"] / first["question"])
        print(f"{r['articles']:>8} {r['startup']:>7.2f}s ({r['cpu']:>5.2f}s) {r['rss']:>4.0f} MB "
              f"{r['first'] * 1000:>7.0f} ms {r['question']:>7.0f}µs  {'':>4} "
              f"{ratios[0]:>7.1f}× {ratios[1]:>4.1f}× {ratios[2]:>7.2f}×  {r['all']:>5.0f} MB, in {r['every']:.1f} s"
              f"   {r['look'] * 1000:>9.1f} ms, {r['changed'] * 1000:.0f} ms")
    print(f"targets with 1,000 articles: start-up ≤ {TARGETS['start-up']:.0f} s, RSS ≤ {TARGETS['RSS']:.0f} MB per "
          "worker, a question ≤ 2× one article's")

if __name__ == "__main__":
    main()
