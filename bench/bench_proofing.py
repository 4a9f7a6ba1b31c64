"""Benchmark of the proofing pre-check (issue #4), pure engine, one core.

Standalone: `.venv/bin/python bench/bench_proofing.py [--texts 300] [--seed 4]`.

A 20,000-term lexicon set (banned, cautioned, sensitive words and typo pairs, with
allow-list phrases), a leader list and the starter formulation rules, over
3,000-character Chinese texts (random CJK with punctuation, numbers and dates, and
planted terms, leaders and allow-listed phrases). It prints

- the build time of the checker for the 20,000 terms (goal: well under a second);
- texts per second of the whole check (all rule kinds, spans built);
- its time ratio to a bare daachorse overlapping pass over the same texts and terms
  in the same run (goal: within 2x);
- its speed ratio to a naive per-term `str.find` search (goal: at least 100x).

Each text's time is its best of several interleaved runs. A second line repeats the ratio on dense texts
(about 100 findings per text) to show the cost per finding.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import daachorse  # noqa: E402

from rongmei.proofing import engine  # noqa: E402

TERMS = 20_000
TEXT_LENGTH = 3_000
PUNCT = "，，，。、；："


def cjk(rnd: random.Random, n: int) -> str:
    return "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(n))


def make_lexicons(rnd: random.Random):
    words: set[str] = set()
    while len(words) < TERMS:
        words.add(cjk(rnd, rnd.randint(2, 4)))
    terms = sorted(words)
    rnd.shuffle(terms)
    banned, cautioned, sensitive, typo = (
        terms[:12000],
        terms[12000:16000],
        terms[16000:18000],
        terms[18000:],
    )
    allows = [cjk(rnd, 1) + t + cjk(rnd, 1) for t in banned[:50]]
    leaders = [
        engine.LeaderEntry(cjk(rnd, 3), (f"{cjk(rnd, 2)}{title}",), i + 1, ())
        for i, title in enumerate(["书记", "县长", "主任", "主席"] * 5)
    ]
    rules = [
        engine.RuleEntry("1", "年份写全", engine.RULE_REGEX, r"(?<![\d０-９])(\d{2})年(?=\d{1,2}月)", r"20\1年"),
        engine.RuleEntry("2", "日期用日", engine.RULE_REGEX, r"(\d{1,2})月(\d{1,2})号", r"\1月\2日"),
        engine.RuleEntry("3", "全角数字", engine.RULE_REGEX, r"[０-９]{1,12}", ""),
        engine.RuleEntry("4", "百分数范围", engine.RULE_REGEX,
                         r"(\d{1,9}(?:\.\d{1,4})?)[-~～](\d{1,9}(?:\.\d{1,4})?)%", r"\1%—\2%"),
        engine.RuleEntry("5", "县委全称", engine.RULE_FIRST_MENTION, "县委", "中共示范县委员会"),
    ]  # fmt: skip

    def lex(i, kind, **kw):
        severity = engine.BLOCK if kind in (engine.BANNED, engine.LEADER) else engine.WARN
        return engine.LexiconData(i, f"lexicon{i}", kind, i * 10, 1, severity, **kw)

    lexicons = [
        lex(1, engine.BANNED, terms=tuple(engine.TermEntry(t) for t in banned)),
        lex(2, engine.CAUTIONED, terms=tuple(engine.TermEntry(t, t[::-1]) for t in cautioned)),
        lex(3, engine.SENSITIVE, terms=tuple(engine.TermEntry(t, "", "cat") for t in sensitive)),
        lex(4, engine.TYPO, terms=tuple(engine.TermEntry(t, t[::-1]) for t in typo)),
        lex(5, engine.ALLOW, terms=tuple(engine.TermEntry(a) for a in allows)),
        lex(6, engine.LEADER, leaders=tuple(leaders)),
        lex(7, engine.FORMULATION, rules=tuple(rules)),
    ]
    return lexicons, terms, allows, leaders


def make_text(rnd, terms, allows, leaders, planted: int) -> str:
    parts: list[str] = []
    size = 0
    gap = TEXT_LENGTH // (planted + 1)
    while size < TEXT_LENGTH:
        chunk = cjk(rnd, rnd.randint(gap // 2, gap)) if gap > 8 else cjk(rnd, rnd.randint(2, 8))
        roll = rnd.random()
        if roll < 0.70:
            chunk += rnd.choice(terms)
        elif roll < 0.80:
            chunk += rnd.choice(allows)
        elif roll < 0.90:
            a, b = rnd.sample(leaders, 2)
            chunk += f"{a.titles[0]}{a.name}、{rnd.choice(leaders).titles[0]}{b.name}"
        else:
            chunk += rnd.choice(["24年3月5号", "１２３", "5-10%", "县委", "2024年", "30%"])
        chunk += rnd.choice(PUNCT)
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)[:TEXT_LENGTH]


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(checker, bare, texts, runs=5):
    """Best time of each text for the whole check and the bare pass, interleaved.

    The two are timed back to back on each text and each text keeps its best of
    `runs`, so a burst of load on a shared machine hits both sides alike.
    """
    perf = time.perf_counter
    check, find = checker.check, bare.find_overlapping
    best_whole = [float("inf")] * len(texts)
    best_bare = [float("inf")] * len(texts)
    for _ in range(runs):
        for i, text in enumerate(texts):
            t0 = perf()
            find(text)
            t1 = perf()
            check(text)
            t2 = perf()
            best_bare[i] = min(best_bare[i], t1 - t0)
            best_whole[i] = min(best_whole[i], t2 - t1)
    return sum(best_whole), sum(best_bare)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=300)
    parser.add_argument("--naive-texts", type=int, default=4)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    rnd = random.Random(args.seed)

    lexicons, terms, allows, leaders = make_lexicons(rnd)
    start = time.perf_counter()
    checker = engine.build_checker(lexicons)
    build = time.perf_counter() - start
    bare = daachorse.CharwiseDoubleArrayAhoCorasick(terms)

    texts = [make_text(rnd, terms, allows, leaders, planted=12) for _ in range(args.texts)]
    dense = [make_text(rnd, terms, allows, leaders, planted=140) for _ in range(args.texts // 3)]

    whole, bare_time = measure(checker, bare, texts)
    dense_whole, dense_bare = measure(checker, bare, dense)

    naive_texts = texts[: args.naive_texts]

    def naive():
        for text in naive_texts:
            for term in terms:
                pos = text.find(term)
                while pos >= 0:
                    pos = text.find(term, pos + 1)

    naive_time = best_of(1, naive)
    findings = sum(len(checker.check(t)) for t in texts) / len(texts)
    dense_findings = sum(len(checker.check(t)) for t in dense) / len(dense)
    kinds = sorted({s.rule.check for t in texts for s in checker.check(t)})

    tps = len(texts) / whole
    bare_tps = len(texts) / bare_time
    naive_tps = len(naive_texts) / naive_time
    print(
        f"proofing: {TERMS} terms ({checker.pattern_count} patterns in one automaton), "
        f"{len(texts)} texts of {TEXT_LENGTH} chars, {findings:.1f} findings/text ({', '.join(kinds)})"
    )
    print(f"  build checker:           {build * 1000:.0f} ms (goal: well under 1 s)")
    print(f"  whole check:             {tps:,.0f} texts/s")
    print(f"  bare daachorse pass:     {bare_tps:,.0f} texts/s")
    print(f"  whole / bare time:       {whole / bare_time:.2f}x (goal: <= 2x)")
    print(f"  naive str.find per term: {naive_tps:,.1f} texts/s ({len(naive_texts)} texts)")
    print(f"  speed-up over naive:     {tps / naive_tps:,.0f}x (goal: >= 100x)")
    print(
        f"  dense texts ({dense_findings:.0f} findings/text): {len(dense) / dense_whole:,.0f} texts/s, "
        f"whole / bare time {dense_whole / dense_bare:.2f}x"
    )


if __name__ == "__main__":
    main()
