import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.proofing import checkers, services, transfer
from rongmei.proofing.models import (
    AcceptedFinding,
    Leader,
    Lexicon,
    LexiconKind,
    LexiconVersion,
    Rule,
    RuleKind,
    Severity,
    Term,
)

from .factories import make_lexicon


def findings(center, text):
    return [
        (f.span.text, f.span.rule.kind, f.span.rule.severity)
        for f in services.proofread(center=center, text=text).findings
    ]


# -- each rule kind through the database ----------------------------------------------


def test_banned_word_blocks(center):
    make_lexicon(center, LexiconKind.BANNED, terms=["包治百病"])
    assert findings(center, "本品包治百病") == [("包治百病", "banned", "block")]


def test_cautioned_word_warns_with_the_preferred_wording(center):
    make_lexicon(center, LexiconKind.CAUTIONED, terms=[{"text": "老外", "suggestion": "外国人"}])
    (f,) = services.proofread(center=center, text="几位老外参观").findings
    assert (f.span.rule.severity, f.span.rule.suggestion) == ("warn", "外国人")


def test_sensitive_terms_carry_their_category(center):
    make_lexicon(center, LexiconKind.SENSITIVE, terms=[{"text": "身份证号", "category": "隐私"}])
    (f,) = services.proofread(center=center, text="公布身份证号").findings
    assert (f.span.rule.category, f.span.rule.kind) == ("隐私", "sensitive")


def test_typo_pair(center):
    make_lexicon(center, LexiconKind.TYPO, terms=[{"text": "再接再励", "suggestion": "再接再厉"}])
    (f,) = services.proofread(center=center, text="希望再接再励").findings
    assert f.span.rule.suggestion == "再接再厉"


def test_formulation_rule(center):
    lexicon = make_lexicon(center, LexiconKind.FORMULATION)
    services.rule_create(
        lexicon=lexicon, name="日期用日", pattern=r"(\d{1,2})月(\d{1,2})号",
        suggestion=r"\1月\2日", by=None,
    )  # fmt: skip
    (f,) = services.proofread(center=center, text="3月5号上午").findings
    assert (f.span.text, f.span.rule.suggestion) == ("3月5号", "3月5日")


def test_leader_title_and_order(center):
    lexicon = make_lexicon(center, LexiconKind.LEADER)
    services.leader_create(lexicon=lexicon, name="甲某", titles=["县委书记"], order=1, by=None)
    services.leader_create(
        lexicon=lexicon, name="乙某", titles=["县长"], order=2, former_titles=["副县长"], by=None
    )
    result = services.proofread(
        center=center, text="县长甲某讲话。乙某、甲某出席。副县长乙某发言。"
    )
    assert [(f.span.rule.check, f.span.text) for f in result.findings] == [
        ("leader_title", "县长甲某"),
        ("leader_order", "乙某、甲某"),
        ("leader_outdated", "副县长乙某"),
    ]
    assert result.has_blocking


def test_center_allow_list_silences_shared_lexicon(center, other_center):
    make_lexicon(None, LexiconKind.SENSITIVE, name="共用敏感词", terms=["口交"])
    make_lexicon(center, LexiconKind.ALLOW, terms=["路口交通"])
    assert findings(center, "路口交通") == []
    assert findings(other_center, "路口交通") == [("口交", "sensitive", "warn")]


def test_other_centers_lexicons_are_not_used(center, other_center):
    make_lexicon(other_center, LexiconKind.BANNED, terms=["邻县禁词"])
    assert findings(center, "邻县禁词") == []
    assert findings(other_center, "邻县禁词") == [("邻县禁词", "banned", "block")]


def test_inactive_lexicon_is_not_used(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED, terms=["禁词"])
    services.lexicon_update(lexicon=lexicon, by=None, is_active=False)
    assert findings(center, "禁词") == []


# -- versions and the cache -----------------------------------------------------------


def test_every_change_freezes_a_new_version_named_by_findings(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED, terms=["旧词"])
    assert lexicon.current_version.number == 2  # 1: created empty, 2: one term
    (f,) = services.proofread(center=center, text="旧词").findings
    assert (f.span.rule.version, f.span.rule.version_id) == (2, lexicon.current_version_id)

    services.term_create(lexicon=lexicon, text="新词", by=None)
    lexicon.refresh_from_db()
    result = services.proofread(center=center, text="旧词新词")
    assert [f.span.rule.version for f in result.findings] == [3, 3]
    assert result.versions == [
        {
            "lexicon": lexicon.name,
            "lexicon_id": lexicon.pk,
            "kind": "banned",
            "version": 3,
            "version_id": lexicon.current_version_id,
        }
    ]
    old = LexiconVersion.objects.get(lexicon=lexicon, number=2)
    assert [t[0] for t in old.content["terms"]] == ["旧词"]


def test_checker_is_built_once_per_version_set(center, django_assert_max_num_queries):
    lexicon = make_lexicon(center, LexiconKind.BANNED, terms=["禁词"])
    checkers.clear()
    services.proofread(center=center, text="禁词")
    with django_assert_max_num_queries(1):
        services.proofread(center=center, text="禁词")
    assert checkers.stats == {"builds": 1, "hits": 1}
    services.term_create(lexicon=lexicon, text="另一个", by=None)
    services.proofread(center=center, text="另一个")
    assert checkers.stats["builds"] == 2


def test_lexicon_changes_are_audited(center, chief_editor):
    lexicon = make_lexicon(center, LexiconKind.BANNED, by=chief_editor)
    term = services.term_create(lexicon=lexicon, text="禁词", by=chief_editor)
    services.entry_delete(entry=term, by=chief_editor)
    actions = list(
        AuditEntry.objects.filter(object_type="proofing.Term").values_list("action", flat=True)
    )
    assert sorted(actions) == [AuditAction.CREATE, AuditAction.DELETE]
    assert AuditEntry.objects.filter(object_type="proofing.LexiconVersion").count() == 3


def test_reporter_may_not_edit_lexicons_and_nothing_changes(center, make_user):
    reporter = make_user(center, "reporter")
    lexicon = make_lexicon(center, LexiconKind.BANNED)
    with pytest.raises(PermissionDenied):
        services.term_create(lexicon=lexicon, text="禁词", by=reporter)
    assert Term.objects.count() == 0
    assert lexicon.versions.count() == 1


def test_only_superusers_edit_shared_lexicons(center, chief_editor):
    with pytest.raises(PermissionDenied):
        services.lexicon_create(center=None, name="共用", kind="banned", by=chief_editor)
    assert not Lexicon.objects.exists()


def test_entry_must_fit_the_lexicon_kind(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED)
    with pytest.raises(ValidationError):
        services.rule_create(lexicon=lexicon, name="x", pattern="a", by=None)
    assert not Rule.objects.exists()


def test_malformed_regex_rule_is_refused(center):
    lexicon = make_lexicon(center, LexiconKind.FORMULATION)
    with pytest.raises(ValidationError):
        services.rule_create(lexicon=lexicon, name="坏规则", pattern="(\\d", by=None)
    assert lexicon.versions.count() == 1


# -- accepted warnings and the pre-check ----------------------------------------------


def test_blocking_finding_stops_the_review(center):
    make_lexicon(center, LexiconKind.BANNED, terms=["包治百病"])
    assert services.precheck_passes(center=center, text="本品包治百病") is False
    assert services.precheck_passes(center=center, text="本品有效") is True


def test_warnings_do_not_stop_the_review(center):
    make_lexicon(center, LexiconKind.CAUTIONED, terms=[{"text": "老外", "suggestion": "外国人"}])
    assert services.precheck_passes(center=center, text="老外") is True


def test_accepted_warning_persists_for_the_same_text(center, make_user):
    editor = make_user(center, "editor")
    make_lexicon(center, LexiconKind.CAUTIONED, terms=[{"text": "老外", "suggestion": "外国人"}])
    text = "引用原话：“老外也爱吃”。"
    (f,) = services.proofread(center=center, text=text).findings
    accepted = services.finding_accept(
        center=center, text=text, start=f.span.start, end=f.span.end,
        rule_key=f.span.rule.key, reason="直接引语，保留原话", by=editor,
    )  # fmt: skip
    assert (accepted.reason, accepted.accepted_by, accepted.matched) == (
        "直接引语，保留原话", editor, "老外",
    )  # fmt: skip
    again = services.proofread(center=center, text=text)
    assert again.findings[0].accepted == accepted
    assert again.open_warnings == []
    # Another text (even with the same word) asks again.
    assert services.proofread(center=center, text=text + "！").findings[0].accepted is None
    assert AuditEntry.objects.filter(object_type="proofing.AcceptedFinding").count() == 1


def test_blocking_finding_cannot_be_accepted(center, make_user):
    editor = make_user(center, "editor")
    make_lexicon(center, LexiconKind.BANNED, terms=["包治百病"])
    (f,) = services.proofread(center=center, text="包治百病").findings
    with pytest.raises(ValidationError):
        services.finding_accept(
            center=center, text="包治百病", start=0, end=4, rule_key=f.span.rule.key,
            reason="就要这样", by=editor,
        )  # fmt: skip
    assert not AcceptedFinding.objects.exists()


def test_accepting_needs_a_reason_and_a_current_finding(center, make_user):
    editor = make_user(center, "editor")
    make_lexicon(center, LexiconKind.CAUTIONED, terms=["老外"])
    (f,) = services.proofread(center=center, text="老外").findings
    with pytest.raises(ValidationError):
        services.finding_accept(
            center=center, text="老外", start=0, end=2, rule_key=f.span.rule.key, reason=" ",
            by=editor,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        services.finding_accept(
            center=center, text="老外", start=0, end=1, rule_key=f.span.rule.key, reason="理由",
            by=editor,
        )  # fmt: skip
    assert not AcceptedFinding.objects.exists()


def test_reporters_cannot_accept_warnings(center, make_user):
    reporter = make_user(center, "reporter")
    make_lexicon(center, LexiconKind.CAUTIONED, terms=["老外"])
    (f,) = services.proofread(center=center, text="老外").findings
    with pytest.raises(PermissionDenied):
        services.finding_accept(
            center=center, text="老外", start=0, end=2, rule_key=f.span.rule.key, reason="理由",
            by=reporter,
        )  # fmt: skip


# -- import and export ----------------------------------------------------------------


def test_import_txt_adds_all_lines_and_freezes_a_version(center):
    lexicon = make_lexicon(center, LexiconKind.TYPO)
    data = "按步就班→按部就班\n迫不急待\t迫不及待\t成语\n!不急待\n".encode()
    report = services.lexicon_import(lexicon=lexicon, filename="t.txt", data=data, by=None)
    assert report.ok
    assert report.created == 3
    assert report.version.number == 2
    assert sorted(lexicon.terms.values_list("text", "suggestion", "is_exception")) == [
        ("不急待", "", True),
        ("按步就班", "按部就班", False),
        ("迫不急待", "迫不及待", False),
    ]
    audit = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert audit.changes["created"] == 3


def test_bad_lines_are_reported_per_line_and_nothing_is_imported(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED, terms=["已有词"])
    data = "好词\n\n重复词\n重复词\n已有词\n坏级别\t\t\t很严重\n".encode()
    report = services.lexicon_import(lexicon=lexicon, filename="b.txt", data=data, by=None)
    assert not report.ok
    assert [(e.line, e.message) for e in report.errors] == [
        (2, "空行。"),
        (4, "“重复词”与第3行重复。"),
        (5, "“已有词”已在词库中。"),
        (6, "级别“很严重”无效，应为“阻断”或“提示”。"),
    ]
    assert str(report.errors[0]) == "第2行：空行。"
    assert list(lexicon.terms.values_list("text", flat=True)) == ["已有词"]
    assert lexicon.versions.count() == 2


def test_malformed_regex_in_an_import_is_reported_with_its_line(center):
    lexicon = make_lexicon(center, LexiconKind.FORMULATION)
    data = "好规则\t正则\t\\d{1,2}号\t日\n坏规则\t正则\t(\\d\t\n".encode()
    report = services.lexicon_import(lexicon=lexicon, filename="r.txt", data=data, by=None)
    assert not report.ok
    assert [e.line for e in report.errors] == [2]
    assert "正则表达式有误" in report.errors[0].message
    assert not Rule.objects.exists()


def test_a_ten_megabyte_file_is_refused_whole(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED)
    data = ("词" * 30 + "\n").encode() * (10 * 1024 * 1024 // 91 + 1)
    assert len(data) >= 10 * 1024 * 1024
    report = services.lexicon_import(lexicon=lexicon, filename="big.txt", data=data, by=None)
    assert not report.ok
    assert report.errors[0].line == 0
    assert "文件过大" in report.errors[0].message
    assert not Term.objects.exists()


def test_replace_import_substitutes_the_content(center):
    lexicon = make_lexicon(center, LexiconKind.BANNED, terms=["旧词"])
    report = services.lexicon_import(
        lexicon=lexicon, filename="n.txt", data="新词\n".encode(), by=None, replace=True
    )
    assert report.ok
    assert report.replaced == 1
    assert list(lexicon.terms.values_list("text", flat=True)) == ["新词"]


def test_xlsx_round_trip_for_leaders(center):
    lexicon = make_lexicon(center, LexiconKind.LEADER)
    wb = Workbook()
    ws = wb.active
    ws.append(transfer.HEADERS[LexiconKind.LEADER])
    ws.append(["甲某", "县委书记", 1, "县长"])
    ws.append(["乙某", "县委副书记、县长", 2, None])
    buf = io.BytesIO()
    wb.save(buf)
    report = services.lexicon_import(
        lexicon=lexicon, filename="leaders.xlsx", data=buf.getvalue(), by=None
    )
    assert report.ok, [str(e) for e in report.errors]
    assert Leader.objects.get(name="乙某").title_list == ["县委副书记", "县长"]
    name, ctype, data = services.lexicon_export(lexicon=lexicon, fmt="xlsx", by=None)
    assert name.endswith(".xlsx")
    assert "spreadsheet" in ctype
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[1:] == [("甲某", "县委书记", "1", "县长"), ("乙某", "县委副书记、县长", "2", None)]


def test_txt_export_reimports_to_the_same_terms(center, other_center):
    source = make_lexicon(
        center,
        LexiconKind.CAUTIONED,
        terms=[
            {
                "text": "老外",
                "suggestion": "外国人",
                "category": "称谓",
                "severity": Severity.BLOCK,
            },
            {"text": "老外国", "is_exception": True},
        ],
    )
    _name, _ctype, data = services.lexicon_export(lexicon=source, fmt="txt", by=None)
    target = make_lexicon(other_center, LexiconKind.CAUTIONED)
    assert services.lexicon_import(lexicon=target, filename="x.txt", data=data, by=None).ok
    fields = ("text", "suggestion", "category", "severity", "is_exception")
    assert list(target.terms.values_list(*fields)) == list(source.terms.values_list(*fields))


def test_starter_set_loads_once_and_is_marked(center):
    created = services.proofing_load_starter()
    assert len(created) == len(services.STARTER)
    assert services.proofing_load_starter() == []
    assert all(lx.is_starter and lx.center_id is None for lx in Lexicon.objects.all())
    assert all("起步示例" in lx.name for lx in Lexicon.objects.all())
    assert not Lexicon.objects.get(kind=LexiconKind.LEADER).is_active
    result = services.proofread(center=center, text="本品包治百病，工作按步就班，24年3月5号")
    kinds = {f.span.rule.kind for f in result.findings}
    assert kinds == {"banned", "typo", "formulation"}


def test_rule_kinds_in_the_starter_set_all_parse():
    for filename, _name, kind, _active in services.STARTER:
        parsed = transfer.parse(kind, filename, (services.STARTER_DIR / filename).read_bytes())
        assert parsed.errors == [], filename
    assert RuleKind.FIRST_MENTION in {
        row["kind"]
        for _n, row in transfer.parse(
            "formulation", "f.txt", (services.STARTER_DIR / "formulation.txt").read_bytes()
        ).rows
    }


def test_proofread_command(center, tmp_path, capsys):
    make_lexicon(center, LexiconKind.BANNED, terms=["包治百病"])
    path = tmp_path / "story.txt"
    path.write_text("本品包治百病", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("proofread", str(path), "--center", center.code)
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "2-6\t阻断\t包治百病" in out
    path.write_text("本品有效", encoding="utf-8")
    call_command("proofread", str(path), "--center", center.code)
    assert "共 0 处" in capsys.readouterr().out
