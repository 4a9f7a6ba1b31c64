"""The engine against a naive reference matcher, and each rule kind on its own."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rongmei.proofing import engine

ALPHABET = "甲乙丙丁口交通路县长委书记"  # few letters: many overlaps and containments


def lexicon(lexicon_id, kind, terms=(), leaders=(), rules=(), severity=engine.BLOCK):
    return engine.LexiconData(
        lexicon_id=lexicon_id,
        name=f"词库{lexicon_id}",
        kind=kind,
        version_id=lexicon_id * 10,
        version=1,
        default_severity=severity,
        terms=tuple(terms),
        leaders=tuple(leaders),
        rules=tuple(rules),
    )


def reference(text, lexicons):
    """Every occurrence of every term by str.find, minus those inside an allowed phrase."""

    def occurrences(term):
        pos = text.find(term)
        while pos >= 0:
            yield pos, pos + len(term)
            pos = text.find(term, pos + 1)

    global_allows = [
        occ
        for lx in lexicons
        if lx.kind == engine.ALLOW
        for t in lx.terms
        for occ in occurrences(t.text)
    ]
    found = []
    for lx in lexicons:
        if lx.kind not in engine.WORD_KINDS:
            continue
        own_allows = [occ for t in lx.terms if t.exception for occ in occurrences(t.text)]
        for t in lx.terms:
            if t.exception:
                continue
            for s, e in occurrences(t.text):
                if any(a <= s and e <= b for a, b in global_allows + own_allows):
                    continue
                found.append((s, e, t.text, lx.lexicon_id, t.text))
    return sorted(found)


def projected(spans):
    return sorted((sp.start, sp.end, sp.text, sp.rule.lexicon_id, sp.rule.name) for sp in spans)


words = st.text(alphabet=ALPHABET, min_size=1, max_size=4)
term_lists = st.lists(st.tuples(words, st.booleans()), max_size=12, unique_by=lambda t: t[0])


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET + "，。", max_size=120),
    lexicons=st.lists(
        st.tuples(
            st.sampled_from([engine.BANNED, engine.CAUTIONED, engine.TYPO, engine.ALLOW]),
            term_lists,
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_engine_returns_exactly_the_reference_spans(text, lexicons):
    """Random texts and lexicons, exceptions and allow-lists included: same spans."""
    data = [
        lexicon(
            i + 1,
            kind,
            [
                engine.TermEntry(t, suggestion="", exception=(exc and kind != engine.ALLOW))
                for t, exc in terms
            ],
        )
        for i, (kind, terms) in enumerate(lexicons)
    ]
    checker = engine.build_checker(data)
    assert projected(checker.check(text)) == reference(text, data)


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet="12３４年月-%~ab甲", max_size=80),
    pattern=st.sampled_from(
        [
            r"(?<![\d０-９])(\d{2})年(?=\d{1,2}月)",
            r"(\d{1,2})月(\d{1,2})号",
            r"[０-９]{1,12}",
            r"(\d{1,9}(?:\.\d{1,4})?)[-~～](\d{1,9}(?:\.\d{1,4})?)%",
            r"年(?=\d)",
            r"a[b甲]{1,3}",
            r"(?<=甲)\d{1,3}%",
            r"\d+年",
        ]
    ),
)
def test_windowed_rules_match_a_whole_text_scan(text, pattern):
    """A rule searched only near its anchors finds what re.finditer finds."""
    rule = engine.RuleEntry("1", "规则", engine.RULE_REGEX, pattern, "")
    checker = engine.build_checker([lexicon(1, engine.FORMULATION, rules=[rule])])
    expected = [(m.start(), m.end()) for m in re.finditer(pattern, text) if m.end() > m.start()]
    assert [(s.start, s.end) for s in checker.check(text)] == expected


def test_plan_regex_refuses_what_it_cannot_bound():
    assert engine.plan_regex(r"\d+年") is None
    assert engine.plan_regex(r"\bfoo") is None
    assert engine.plan_regex(r"(a)\1") is None
    assert engine.plan_regex(r"年(?=\d)") == (("年",), 0, 0, 2)


def test_allow_list_stops_a_term_inside_a_longer_word():
    """The well-known false positive: a term inside 路口交通 does not fire."""
    data = [
        lexicon(1, engine.SENSITIVE, [engine.TermEntry("口交", category="低俗")]),
        lexicon(2, engine.ALLOW, [engine.TermEntry("路口交通")]),
    ]
    spans = engine.build_checker(data).check("加强路口交通管理，口交二字单独出现")
    assert [(s.start, s.end, s.text) for s in spans] == [(9, 11, "口交")]


def test_an_exception_applies_to_its_own_lexicon_only():
    data = [
        lexicon(
            1,
            engine.BANNED,
            [engine.TermEntry("交通"), engine.TermEntry("路口交通", exception=True)],
        ),
        lexicon(
            2,
            engine.CAUTIONED,
            [engine.TermEntry("交通", suggestion="交通运输")],
            severity=engine.WARN,
        ),
    ]
    spans = engine.build_checker(data).check("路口交通")
    assert [(s.text, s.rule.lexicon_id, s.rule.severity) for s in spans] == [
        ("交通", 2, engine.WARN)
    ]
    assert spans[0].rule.suggestion == "交通运输"
    assert "交通运输" in spans[0].rule.message


def test_span_names_rule_lexicon_version_category_and_severity():
    data = [
        lexicon(
            7,
            engine.SENSITIVE,
            [engine.TermEntry("内部资料", category="涉密", severity=engine.WARN)],
        )
    ]
    (span,) = engine.build_checker(data).check("这是内部资料。")
    assert span.as_dict() == {
        "start": 2,
        "end": 6,
        "text": "内部资料",
        "kind": engine.SENSITIVE,
        "check": engine.CHECK_TERM,
        "severity": engine.WARN,
        "category": "涉密",
        "suggestion": "",
        "message": "敏感词“内部资料”（涉密）",
        "rule": "内部资料",
        "rule_key": "term:7:内部资料",
        "lexicon": "词库7",
        "lexicon_id": 7,
        "version": 1,
        "version_id": 70,
    }


def test_typo_pair_suggests_the_right_form():
    data = [
        lexicon(
            1,
            engine.TYPO,
            [engine.TermEntry("按步就班", suggestion="按部就班")],
            severity=engine.WARN,
        )
    ]
    (span,) = engine.build_checker(data).check("工作按步就班推进")
    assert (span.start, span.end, span.rule.suggestion) == (2, 6, "按部就班")


def test_regex_rule_expands_groups_in_the_suggestion():
    rule = engine.RuleEntry(
        "1", "年份写全", engine.RULE_REGEX, r"(?<![\d０-９])(\d{2})年(?=\d{1,2}月)", r"20\1年"
    )
    (span,) = engine.build_checker([lexicon(1, engine.FORMULATION, rules=[rule])]).check(
        "24年3月召开"
    )
    assert (span.text, span.rule.suggestion, span.rule.check) == (
        "24年",
        "2024年",
        engine.CHECK_REGEX,
    )


def test_first_mention_needs_the_full_name_before_the_short_one():
    rule = engine.RuleEntry("9", "县委全称", engine.RULE_FIRST_MENTION, "县委", "中共示范县委员会")
    checker = engine.build_checker([lexicon(1, engine.FORMULATION, rules=[rule])])
    (span,) = checker.check("县委召开会议。县委要求……")
    assert (span.start, span.end, span.rule.suggestion) == (0, 2, "中共示范县委员会")
    assert checker.check("中共示范县委员会召开会议。县委要求……") == []
    assert checker.check("没有提到") == []


LEADERS = lexicon(
    1,
    engine.LEADER,
    leaders=[
        engine.LeaderEntry("甲某", ("县委书记",), 1, ("县长",)),
        engine.LeaderEntry("乙某", ("县委副书记", "县长"), 2, ("副县长",)),
        engine.LeaderEntry("丙某", ("副县长",), 5),
    ],
)


def checks(text):
    return [
        (s.rule.check, s.text, s.rule.suggestion)
        for s in engine.build_checker([LEADERS]).check(text)
    ]


def test_leader_with_the_right_title_passes():
    assert checks("县委书记甲某、县长乙某出席。") == []


def test_known_name_with_a_wrong_title():
    assert checks("县长丙某出席。") == [(engine.CHECK_LEADER_TITLE, "县长丙某", "副县长丙某")]


def test_title_with_the_wrong_name_names_the_holder():
    (span,) = engine.build_checker([LEADERS]).check("县委书记乙某出席。")
    assert span.rule.check == engine.CHECK_LEADER_TITLE
    assert "县委书记现为甲某" in span.rule.message


def test_outdated_title():
    assert checks("县长甲某讲话。") == [(engine.CHECK_LEADER_OUTDATED, "县长甲某", "县委书记甲某")]


def test_past_reference_is_not_an_outdated_title():
    assert checks("原县长甲某讲话。") == []


def test_longest_title_touching_the_name_wins():
    assert checks("副县长丙某出席。") == []


def test_title_after_the_name():
    assert checks("丙某县长出席。") == [(engine.CHECK_LEADER_TITLE, "丙某县长", "丙某副县长")]


def test_leaders_out_of_protocol_order_in_one_sentence():
    assert checks("丙某、甲某出席。") == [(engine.CHECK_LEADER_ORDER, "丙某、甲某", "甲某、丙某")]


def test_protocol_order_is_checked_per_sentence():
    assert checks("丙某出席。甲某讲话。") == []


def test_order_finding_is_a_warning():
    (span,) = engine.build_checker([LEADERS]).check("乙某、甲某")
    assert span.rule.severity == engine.WARN


def test_snapshot_round_trip():
    content = engine.snapshot_of(
        name="x", kind=engine.LEADER, default_severity=engine.BLOCK, leaders=LEADERS.leaders
    )
    again = engine.LexiconData.from_snapshot(lexicon_id=1, version_id=10, version=1, data=content)
    assert again.leaders == LEADERS.leaders


def test_empty_text_and_empty_lexicons():
    assert engine.build_checker([]).check("任何文字") == []
    assert engine.build_checker([lexicon(1, engine.BANNED)]).check("") == []
