"""The matching engine of the machine pre-check: pure Python over daachorse, no Django.

A `Checker` is built once from the frozen content of a set of lexicon versions and
then checks any number of texts. All literal patterns of every lexicon in the set
(words, typos, allow-list phrases, leaders' names and titles) go into one charwise
double-array Aho-Corasick automaton (daachorse), so a text is scanned once; the
regular-expression and first-mention rules of the formulation lexicons run after it.

Semantics, which the reference matcher of the tests repeats naively:

- every occurrence of every listed term is a finding, overlapping ones included;
- a finding is dropped when an allow-list phrase occurs around it (the phrase's
  occurrence starts at or before the finding and ends at or after it). Phrases marked
  as exceptions in a lexicon apply to that lexicon only; phrases of an allow-list
  lexicon apply to every lexicon of the set;
- offsets are Python string indices (code points), end exclusive.

Messages are Chinese msgids marked with a local `gettext_noop`; the caller passes a
translating function when building, so this module needs no configured settings.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import daachorse


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages without needing Django settings here."""
    return message


BLOCK = "block"
WARN = "warn"

BANNED = "banned"
CAUTIONED = "cautioned"
SENSITIVE = "sensitive"
TYPO = "typo"
FORMULATION = "formulation"
LEADER = "leader"
ALLOW = "allow"
WORD_KINDS = frozenset({BANNED, CAUTIONED, SENSITIVE, TYPO})

# What produced a finding.
CHECK_TERM = "term"
CHECK_REGEX = "regex"
CHECK_FIRST_MENTION = "first_mention"
CHECK_LEADER_TITLE = "leader_title"
CHECK_LEADER_OUTDATED = "leader_outdated"
CHECK_LEADER_ORDER = "leader_order"

RULE_REGEX = "regex"
RULE_FIRST_MENTION = "first_mention"

MESSAGES = {
    BANNED: gettext_noop("禁用词“{term}”"),
    CAUTIONED: gettext_noop("慎用词“{term}”"),
    SENSITIVE: gettext_noop("敏感词“{term}”（{category}）"),
    TYPO: gettext_noop("错别字“{term}”"),
    "suggest": gettext_noop("，建议改为“{suggestion}”"),
    RULE_REGEX: gettext_noop("不规范表述：{rule}"),
    RULE_FIRST_MENTION: gettext_noop("首次出现应使用全称“{full}”"),
    CHECK_LEADER_TITLE: gettext_noop("{name}的现任职务是{titles}，不是{title}"),
    "title_holder": gettext_noop("；{title}现为{holder}"),
    CHECK_LEADER_OUTDATED: gettext_noop("{title}是{name}的原任职务，现任{titles}"),
    CHECK_LEADER_ORDER: gettext_noop("领导排序不符合排名顺序，应为：{order}"),
}

# Marks before a title that make it a deliberate reference to a past post.
_PAST_MARKS = ("原", "前", "时任", "曾任")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_GROUP_REF = re.compile(r"\\(?:\d|g<)")


@dataclass(frozen=True, order=True, slots=True)
class Rule:
    """What a finding is about and which lexicon version says so.

    One `Rule` is shared by every finding of the same term, so building a finding costs
    one small tuple; regex suggestions and leader checks make their own per finding.
    """

    key: str
    kind: str
    check: str
    severity: str
    name: str
    category: str
    suggestion: str
    message: str
    lexicon: str
    lexicon_id: int
    version: int
    version_id: int


class Span(NamedTuple):
    """One finding: where it is (code-point offsets, end exclusive), what, and why."""

    start: int
    end: int
    text: str
    rule: Rule

    @property
    def blocking(self) -> bool:
        return self.rule.severity == BLOCK

    def as_dict(self) -> dict:
        r = self.rule
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": r.kind,
            "check": r.check,
            "severity": r.severity,
            "category": r.category,
            "suggestion": r.suggestion,
            "message": r.message,
            "rule": r.name,
            "rule_key": r.key,
            "lexicon": r.lexicon,
            "lexicon_id": r.lexicon_id,
            "version": r.version,
            "version_id": r.version_id,
        }


@dataclass(frozen=True)
class TermEntry:
    text: str
    suggestion: str = ""
    category: str = ""
    severity: str = ""
    exception: bool = False


@dataclass(frozen=True)
class LeaderEntry:
    name: str
    titles: tuple[str, ...]
    order: int
    former_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleEntry:
    key: str
    name: str
    kind: str
    pattern: str
    suggestion: str = ""
    severity: str = ""
    category: str = ""


@dataclass(frozen=True)
class LexiconData:
    """The frozen content of one lexicon version, as the engine needs it."""

    lexicon_id: int
    name: str
    kind: str
    version_id: int
    version: int
    default_severity: str
    terms: tuple[TermEntry, ...] = ()
    leaders: tuple[LeaderEntry, ...] = ()
    rules: tuple[RuleEntry, ...] = ()

    @classmethod
    def from_snapshot(
        cls, *, lexicon_id: int, version_id: int, version: int, data: dict
    ) -> LexiconData:
        """Rebuild from the JSON a `LexiconVersion` stores (see `snapshot_of`)."""
        return cls(
            lexicon_id=lexicon_id,
            name=data["name"],
            kind=data["kind"],
            version_id=version_id,
            version=version,
            default_severity=data["default_severity"],
            terms=tuple(TermEntry(*t) for t in data.get("terms", ())),
            leaders=tuple(
                LeaderEntry(name, tuple(titles), order, tuple(former))
                for name, titles, order, former in data.get("leaders", ())
            ),
            rules=tuple(RuleEntry(*r) for r in data.get("rules", ())),
        )


def snapshot_of(
    *,
    name: str,
    kind: str,
    default_severity: str,
    terms: Iterable[TermEntry] = (),
    leaders: Iterable[LeaderEntry] = (),
    rules: Iterable[RuleEntry] = (),
) -> dict:
    """The compact JSON form of a lexicon's content (lists, not dicts: 20,000 terms)."""
    return {
        "name": name,
        "kind": kind,
        "default_severity": default_severity,
        "terms": [[t.text, t.suggestion, t.category, t.severity, t.exception] for t in terms],
        "leaders": [[ld.name, list(ld.titles), ld.order, list(ld.former_titles)] for ld in leaders],
        "rules": [
            [r.key, r.name, r.kind, r.pattern, r.suggestion, r.severity, r.category] for r in rules
        ],
    }


# Roles of the automaton's non-word patterns (word patterns come first, see `Checker`).
_ALLOW, _NAME, _TITLE, _TRIGGER, _FIRST = range(5)
_new_span = tuple.__new__
# Windows wider than this are not worth it: the rule scans the whole text instead.
_MAX_WINDOW = 2000
_MAX_MEMO = 10_000


@dataclass
class _Leader:
    entry: LeaderEntry
    group: int  # index of its lexicon; protocol order compares within one lexicon
    rule: Rule  # the base of its findings


@dataclass
class _RegexRule:
    regex: re.Pattern
    expand: bool
    suggestion: str
    lex: int
    rule: Rule
    # Anchored (every match contains one of the rule's anchor strings at an offset in
    # [min_pre, max_pre]), the rule only searches small windows around the anchors'
    # occurrences; see `plan_regex`. Otherwise it scans the whole text.
    anchored: bool = False
    min_pre: int = 0
    max_pre: int = 0
    width: int = 0


@dataclass
class _FirstMention:
    short: str
    full: str
    lex: int
    rule: Rule


@dataclass
class Checker:
    """A compiled lexicon set. Build with `build_checker`; `check(text)` is thread-safe.

    The automaton's patterns are numbered words first: a hit with a number below
    `n_words` is a plain finding whose rule is `word_rules[pid]`; any other hit
    (allow-list phrase, leader's name or title, anchor of a rule) is looked up in
    `special`. A typical text has only word hits, so the common path is one list
    comprehension over the automaton's output.
    """

    lexicons: tuple[LexiconData, ...]
    automaton: object | None = None
    n_words: int = 0
    word_rules: list[Rule] = field(default_factory=list)
    word_lex: list[int] = field(default_factory=list)
    special: list[tuple] = field(default_factory=list)
    leaders: list[_Leader] = field(default_factory=list)
    regex_rules: list[_RegexRule] = field(default_factory=list)
    first_mentions: list[_FirstMention] = field(default_factory=list)
    holders: dict[str, list[int]] = field(default_factory=dict)
    former: dict[str, set[int]] = field(default_factory=dict)
    translate: Callable[[str], str] = str
    pattern_count: int = 0
    memo: dict = field(default_factory=dict)

    def check(self, text: str) -> list[Span]:
        """Every finding in `text`, sorted by position."""
        if not text:
            return []
        hits = self.automaton.find_overlapping(text) if self.automaton is not None else []
        nw = self.n_words
        tmpls = self.word_rules
        others = [h for h in hits if h[2] >= nw] if self.special else None
        if not others:
            out = [_new_span(Span, (s, e, text[s:e], tmpls[p])) for s, e, p in hits]
            if self.regex_rules:
                self._check_rules(text, None, {}, set(), out)
            out.sort()
            return out
        allows: list[tuple[int, int, int]] = []
        names: list[tuple[int, int, int]] = []
        titles: list[tuple[int, int, str]] = []
        anchors: dict[int, list[int]] = {}
        firsts: set[int] = set()
        special = self.special
        for s, e, pid in others:
            role, lex, data = special[pid - nw]
            if role == _ALLOW:
                allows.append((s, e, lex))
            elif role == _NAME:
                names.append((s, e, data))
            elif role == _TITLE:
                titles.append((s, e, data))
            elif role == _TRIGGER:
                anchors.setdefault(data, []).append(s)
            else:
                firsts.add(data)
        covers = None
        if allows:
            wl = self.word_lex
            covers = _Allows(allows).covers
            out = [
                _new_span(Span, (s, e, text[s:e], tmpls[p]))
                for s, e, p in hits
                if p < nw and not covers(s, e, wl[p])
            ]
            leaders = self.leaders
            names = [n for n in names if not covers(n[0], n[1], leaders[n[2]].group)]
            titles = [t for t in titles if not covers(t[0], t[1], -1)]
        else:
            out = [_new_span(Span, (s, e, text[s:e], tmpls[p])) for s, e, p in hits if p < nw]
        if names:
            self._check_leaders(text, names, titles, out)
        if self.regex_rules or self.first_mentions:
            self._check_rules(text, covers, anchors, firsts, out)
        out.sort()
        return out

    # -- formulation rules ------------------------------------------------------------

    def _check_rules(
        self,
        text: str,
        covers: Callable[[int, int, int], bool] | None,
        anchors: dict[int, list[int]],
        firsts: set[int],
        out: list[Span],
    ) -> None:
        for idx, rule in enumerate(self.regex_rules):
            if rule.anchored:
                at = anchors.get(idx)
                if not at:
                    continue
                matches = _windowed(rule, text, at)
            else:
                matches = rule.regex.finditer(text)
            for m in matches:
                s, e = m.span()
                if s == e or (covers is not None and covers(s, e, rule.lex)):
                    continue
                if not rule.expand:
                    out.append(Span(s, e, m.group(), rule.rule))
                    continue
                # Expanding a template re-parses it every time: remember per match text.
                key = (idx, m.group(), m.groups())
                found = self.memo.get(key)
                if found is None:
                    sugg = _expand(m, rule.suggestion)
                    found = self._remember(key, replace(rule.rule, suggestion=sugg))
                out.append(Span(s, e, m.group(), found))
        for idx in firsts:
            fm = self.first_mentions[idx]
            s = _first_bare(text, fm.short, fm.full)
            if s < 0:
                continue
            e = s + len(fm.short)
            full_at = text.find(fm.full)
            if full_at >= 0 and full_at + len(fm.full) <= s:
                continue
            if covers is not None and covers(s, e, fm.lex):
                continue
            out.append(Span(s, e, fm.short, fm.rule))

    # -- leaders --------------------------------------------------------------------

    def _check_leaders(
        self,
        text: str,
        names: list[tuple[int, int, int]],
        titles: list[tuple[int, int, str]],
        out: list[Span],
    ) -> None:
        tr = self.translate
        by_end: dict[int, tuple[int, str]] = {}
        by_start: dict[int, tuple[int, str]] = {}
        for s, e, title in titles:
            # The longest title touching a name wins: 副县长 rather than 县长.
            if e not in by_end or s < by_end[e][0]:
                by_end[e] = (s, title)
            if s not in by_start or e > by_start[s][0]:
                by_start[s] = (e, title)
        for s, e, idx in names:
            leader = self.leaders[idx]
            before = by_end.get(s)
            if before is not None:
                ts, title = before
                if not _past_reference(text, ts):
                    self._title_finding(text, ts, e, title, idx, leader, out, tr)
            after = by_start.get(e)
            if after is not None:
                te, title = after
                self._title_finding(text, s, te, title, idx, leader, out, tr)
        if len(names) > 1:
            self._check_order(text, names, out, tr)

    def _remember(self, key, rule: Rule) -> Rule:
        # Findings of the same rule share one Rule; a bounded memo keeps it so.
        if len(self.memo) > _MAX_MEMO:
            self.memo.clear()
        self.memo[key] = rule
        return rule

    def _title_finding(self, text, s, e, title, idx, leader, out, tr) -> None:
        entry = leader.entry
        if title in entry.titles:
            return
        before = text.startswith(title, s)
        key = (CHECK_LEADER_TITLE, idx, title, before)
        rule = self.memo.get(key)
        if rule is None:
            rule = self._remember(key, self._title_rule(title, idx, leader, before, tr))
        out.append(Span(s, e, text[s:e], rule))

    def _title_rule(self, title, idx, leader, before, tr) -> Rule:
        entry = leader.entry
        current = "、".join(entry.titles)
        if title in entry.former_titles:
            check = CHECK_LEADER_OUTDATED
            message = tr(MESSAGES[check]).format(title=title, name=entry.name, titles=current)
        else:
            check = CHECK_LEADER_TITLE
            message = tr(MESSAGES[check]).format(name=entry.name, titles=current, title=title)
            holders = [
                self.leaders[h].entry.name
                for h in self.holders.get(title, ())
                if h != idx and self.leaders[h].group == leader.group
            ]
            if holders:
                message += tr(MESSAGES["title_holder"]).format(
                    title=title, holder="、".join(holders)
                )
        suggestion = (
            f"{entry.titles[0]}{entry.name}" if before else f"{entry.name}{entry.titles[0]}"
        )
        return replace(
            leader.rule,
            key=f"{check}:{leader.rule.lexicon_id}:{entry.name}:{title}",
            check=check,
            suggestion=suggestion,
            message=message,
        )

    def _check_order(self, text, names, out, tr) -> None:
        # Names of one sentence, in order of appearance, first mention of each person.
        ordered = sorted(names)
        sentence: list[tuple[int, int, int]] = []
        prev_end = -1
        for s, e, idx in ordered:
            if sentence and _SENTENCE_END.search(text, prev_end, s):
                self._order_finding(text, sentence, out, tr)
                sentence = []
            if all(idx != i for _s, _e, i in sentence):
                sentence.append((s, e, idx))
            prev_end = max(prev_end, e)
        self._order_finding(text, sentence, out, tr)

    def _order_finding(self, text, sentence, out, tr) -> None:
        if len(sentence) < 2:
            return
        groups: dict[int, list[tuple[int, int, int]]] = {}
        for item in sentence:
            groups.setdefault(self.leaders[item[2]].group, []).append(item)
        for items in groups.values():
            if len(items) < 2:
                continue
            key = (CHECK_LEADER_ORDER, *(i for _s, _e, i in items))
            if key in self.memo:
                rule = self.memo[key]
            else:
                rule = self._remember(key, self._order_rule(items, tr))
            if rule is not None:
                s, e = items[0][0], max(it[1] for it in items)
                out.append(Span(s, e, text[s:e], rule))

    def _order_rule(self, items, tr) -> Rule | None:
        """The finding's rule if these leaders (in this order) break protocol order."""
        orders = [self.leaders[i].entry.order for _s, _e, i in items]
        if all(a <= b for a, b in itertools.pairwise(orders)):
            return None
        right = sorted(items, key=lambda it: (self.leaders[it[2]].entry.order, it[0]))
        order = "、".join(self.leaders[i].entry.name for _s, _e, i in right)
        first = self.leaders[items[0][2]].rule
        return replace(
            first,
            key=f"{CHECK_LEADER_ORDER}:{first.lexicon_id}:{order}",
            check=CHECK_LEADER_ORDER,
            severity=WARN,
            name=order,
            suggestion=order,
            message=tr(MESSAGES[CHECK_LEADER_ORDER]).format(order=order),
        )


def _expand(match: re.Match, template: str) -> str:
    try:
        return match.expand(template)
    except (re.error, IndexError):
        return template


class _Allows:
    """Allowed-phrase occurrences, per scope (-1: every lexicon), for cover queries.

    A span [s, e) is covered when some occurrence starts at or before s and ends at or
    after e: with occurrences sorted by start and a running maximum of their ends,
    that is one bisection per span.
    """

    __slots__ = ("index",)

    def __init__(self, occurrences: list[tuple[int, int, int]]):
        by_scope: dict[int, list[tuple[int, int]]] = {}
        for s, e, scope in occurrences:
            by_scope.setdefault(scope, []).append((s, e))
        self.index = {}
        for scope, items in by_scope.items():
            items.sort()
            reach, best = [], -1
            for _s, e in items:
                best = max(best, e)
                reach.append(best)
            self.index[scope] = ([s for s, _e in items], reach)

    def covers(self, s: int, e: int, lex: int) -> bool:
        for scope in (-1, lex):
            entry = self.index.get(scope)
            if entry is not None:
                i = bisect_right(entry[0], s) - 1
                if i >= 0 and entry[1][i] >= e:
                    return True
        return False


def _past_reference(text: str, title_start: int) -> bool:
    head = text[max(0, title_start - 2) : title_start]
    return head.endswith(_PAST_MARKS)


def _first_bare(text: str, short: str, full: str) -> int:
    """The first occurrence of `short` that is not part of an occurrence of `full`."""
    inner = full.find(short)
    pos = text.find(short)
    while pos >= 0:
        if inner < 0 or not text.startswith(full, pos - inner):
            return pos
        pos = text.find(short, pos + 1)
    return -1


def plan_regex(pattern: str) -> tuple[tuple[str, ...], int, int, int] | None:
    """Where to look for a rule's matches: `(anchors, min_pre, max_pre, width)` or None.

    Every match contains one of `anchors`, found in the top-level sequence of the
    pattern: the longest literal run, else a small character class (possibly repeated
    at least once). `min_pre`/`max_pre` bound the anchor's offset inside a match and
    `width` bounds a match's length plus what its trailing lookaheads read. A search
    started at most `max_pre` before an anchor and stopped `width` after that start
    therefore finds the same match as a scan of the whole text. Patterns the argument
    does not cover (^ $ \\b and other position assertions, back-references, lookaheads
    not at the top level after the anchor, unbounded repeats, flags that fold case or
    change ^ and $) return None and scan the whole text.
    """
    try:
        from re import _constants as sre_c
        from re import _parser as sre_p

        parsed = sre_p.parse(pattern)
    except Exception:  # any surprise just means "scan the whole text"
        return None
    if parsed.state.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    items = list(parsed.data)
    lookarounds = (sre_c.ASSERT, sre_c.ASSERT_NOT)

    def charset(op, av) -> tuple[str, ...] | None:
        if op is sre_c.LITERAL:
            return (chr(av),)
        if op is sre_c.IN:
            chars: list[str] = []
            for sub_op, sub_av in av:
                if sub_op is sre_c.LITERAL:
                    chars.append(chr(sub_av))
                elif sub_op is sre_c.RANGE and sub_av[1] - sub_av[0] < 32:
                    chars.extend(chr(c) for c in range(sub_av[0], sub_av[1] + 1))
                else:
                    return None
            return tuple(chars) if 0 < len(chars) <= 32 else None
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1 and len(av[2].data) == 1:
            return charset(*av[2].data[0])
        return None

    anchors: tuple[str, ...] | None = None
    i = j = 0
    k = 0
    while k < len(items):
        if items[k][0] is sre_c.LITERAL:
            m = k
            while m < len(items) and items[m][0] is sre_c.LITERAL:
                m += 1
            run = "".join(chr(av) for _op, av in items[k:m])
            if anchors is None or len(anchors) > 1 or len(run) > len(anchors[0]):
                anchors, i, j = (run,), k, m
            k = m
            continue
        if anchors is None:
            chars = charset(*items[k])
            if chars is not None:
                anchors, i, j = chars, k, k + 1
        k += 1
    if anchors is None:
        return None

    def plain(node, *, lookahead_ok: bool = False) -> bool:
        if isinstance(node, sre_p.SubPattern):
            return all(plain(item) for item in node.data)
        if (
            isinstance(node, tuple)
            and len(node) == 2
            and isinstance(node[0], sre_c._NamedIntConstant)
        ):
            op, av = node
            if op in (sre_c.AT, sre_c.GROUPREF, sre_c.GROUPREF_EXISTS):
                return False
            if op in lookarounds and av[0] == 1 and not lookahead_ok:
                return False
            return plain(av)
        if isinstance(node, (list, tuple)):
            return all(plain(x) for x in node)
        return True

    if not all(plain(item, lookahead_ok=n >= j) for n, item in enumerate(items)):
        return None
    min_pre, max_pre = sre_p.SubPattern(parsed.state, items[:i]).getwidth()
    rest = 0
    for op, av in items[i:]:
        if op in lookarounds:
            rest += av[1].getwidth()[1] if av[0] == 1 else 0
        else:
            rest += sre_p.SubPattern(parsed.state, [(op, av)]).getwidth()[1]
    width = max_pre + rest
    if width > _MAX_WINDOW:
        return None
    return anchors, min_pre, max_pre, width


def _windowed(rule: _RegexRule, text: str, at: list[int]) -> list[re.Match]:
    """The matches `rule.regex.finditer(text)` yields, searched only near the anchors."""
    found = []
    cursor = 0
    n = len(text)
    search = rule.regex.search
    for p in sorted(set(at)) if len(at) > 1 else at:
        lo = p - rule.max_pre
        if lo < cursor:
            lo = cursor
        hi = p - rule.min_pre
        if lo > hi:
            continue
        m = search(text, lo, min(n, hi + rule.width))
        if m is None or m.start() > hi:
            continue
        found.append(m)
        cursor = m.end()
    return found


def _rule(lex: LexiconData, *, key, check, severity, name, category, suggestion, message):
    return Rule(
        key, lex.kind, check, severity, name, category, suggestion, message,
        lex.name, lex.lexicon_id, lex.version, lex.version_id,
    )  # fmt: skip


def build_checker(
    lexicons: Sequence[LexiconData], *, translate: Callable[[str], str] = str
) -> Checker:
    """Compile a set of lexicon versions into one `Checker`."""
    tr = translate
    checker = Checker(lexicons=tuple(lexicons), translate=tr)
    words: list[str] = []
    others: list[str] = []

    def add_special(pattern: str, payload: tuple) -> None:
        if pattern:
            others.append(pattern)
            checker.special.append(payload)

    for lex_idx, lex in enumerate(lexicons):
        for term in lex.terms:
            if not term.text:
                continue
            if lex.kind == ALLOW:
                add_special(term.text, (_ALLOW, -1, None))
                continue
            if term.exception:
                add_special(term.text, (_ALLOW, lex_idx, None))
                continue
            if lex.kind not in WORD_KINDS:
                continue
            message = tr(MESSAGES[lex.kind]).format(
                term=term.text, category=term.category or lex.name
            )
            if term.suggestion:
                message += tr(MESSAGES["suggest"]).format(suggestion=term.suggestion)
            words.append(term.text)
            checker.word_lex.append(lex_idx)
            checker.word_rules.append(
                _rule(
                    lex, key=f"{CHECK_TERM}:{lex.lexicon_id}:{term.text}", check=CHECK_TERM,
                    severity=term.severity or lex.default_severity, name=term.text,
                    category=term.category, suggestion=term.suggestion, message=message,
                )
            )  # fmt: skip
        for leader in lex.leaders:
            idx = len(checker.leaders)
            base = _rule(
                lex, key="", check=CHECK_LEADER_TITLE, severity=lex.default_severity,
                name=leader.name, category="", suggestion="", message="",
            )  # fmt: skip
            checker.leaders.append(_Leader(leader, lex_idx, base))
            add_special(leader.name, (_NAME, lex_idx, idx))
            for title in leader.titles:
                checker.holders.setdefault(title, []).append(idx)
            for title in leader.former_titles:
                checker.former.setdefault(title, set()).add(idx)
        for entry in lex.rules:
            severity = entry.severity or lex.default_severity
            if entry.kind == RULE_FIRST_MENTION:
                rule = _rule(
                    lex, key=f"{CHECK_FIRST_MENTION}:{lex.lexicon_id}:{entry.key}",
                    check=CHECK_FIRST_MENTION, severity=severity, name=entry.name,
                    category=entry.category, suggestion=entry.suggestion,
                    message=tr(MESSAGES[RULE_FIRST_MENTION]).format(full=entry.suggestion),
                )  # fmt: skip
                add_special(entry.pattern, (_FIRST, lex_idx, len(checker.first_mentions)))
                checker.first_mentions.append(
                    _FirstMention(entry.pattern, entry.suggestion, lex_idx, rule)
                )
                continue
            rule = _rule(
                lex, key=f"{CHECK_REGEX}:{lex.lexicon_id}:{entry.key}", check=CHECK_REGEX,
                severity=severity, name=entry.name, category=entry.category,
                suggestion=entry.suggestion,
                message=tr(MESSAGES[RULE_REGEX]).format(rule=entry.name),
            )  # fmt: skip
            compiled = _RegexRule(
                re.compile(entry.pattern),
                bool(_GROUP_REF.search(entry.suggestion)),
                entry.suggestion,
                lex_idx,
                rule,
            )
            plan = plan_regex(entry.pattern)
            if plan is not None:
                anchors, compiled.min_pre, compiled.max_pre, compiled.width = plan
                compiled.anchored = True
                for anchor in anchors:
                    add_special(anchor, (_TRIGGER, lex_idx, len(checker.regex_rules)))
            checker.regex_rules.append(compiled)
    for title in sorted({*checker.holders, *checker.former}):
        add_special(title, (_TITLE, -1, title))
    checker.n_words = len(words)
    patterns = words + others
    if patterns:
        checker.automaton = daachorse.CharwiseDoubleArrayAhoCorasick(patterns)
    checker.pattern_count = len(patterns)
    return checker
