"""The proofing admin writes lexicons and their entries through the services: a rule of
the model is a Chinese form error with nothing written (no entry, no new version), every
add, edit and delete is audited, and versions and accepted findings are read-only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rongmei.accounts.services import membership_add
from rongmei.core.tests.helpers import audited, work_in
from rongmei.proofing import services
from rongmei.proofing.models import (
    AcceptedFinding,
    Leader,
    Lexicon,
    LexiconKind,
    LexiconVersion,
    Rule,
    Term,
)

from .factories import make_lexicon

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk_head(client, center, make_user):
    return work_in(client, make_user(center, "desk_head", username="desk-x"), center)


def version_count(lexicon):
    return LexiconVersion.objects.filter(lexicon=lexicon).count()


TERM = {"text": "", "suggestion": "", "category": "", "severity": "", "note": ""}


# -- lexicons ------------------------------------------------------------------------------


def test_lexicon_add_edit_delete_are_audited(client, center, desk_head):
    data = {"name": "新词库", "kind": "banned", "default_severity": "", "description": ""}
    assert client.post(reverse("proofing_lexicons:add"), data).status_code == 302
    lexicon = Lexicon.objects.get(name="新词库")
    assert audited(lexicon, "create").exists()

    url = reverse("proofing_lexicons:edit", args=[lexicon.pk])
    response = client.post(url, {**data, "description": "本地禁用词"})
    assert response.status_code == 302
    lexicon.refresh_from_db()
    assert lexicon.description == "本地禁用词"
    assert lexicon.current_version.number == 2
    assert audited(lexicon, "update").exists()

    assert client.post(reverse("proofing_lexicons:delete", args=[lexicon.pk])).status_code == 302
    assert not Lexicon.objects.filter(pk=lexicon.pk).exists()
    assert audited(lexicon, "delete").exists()


def test_a_lexicons_kind_is_not_changed(client, center, desk_head):
    lexicon = make_lexicon(center, LexiconKind.BANNED, name="禁用词", terms=["包治百病"])

    response = client.post(
        reverse("proofing_lexicons:edit", args=[lexicon.pk]),
        {"name": "禁用词", "kind": "allow", "default_severity": "", "description": ""},
    )

    assert response.status_code == 200
    assert "词库建立后不能更改类型" in response.content.decode()
    lexicon.refresh_from_db()
    assert lexicon.kind == LexiconKind.BANNED
    assert version_count(lexicon) == 2


def test_another_centers_lexicon_is_not_edited_from_here(client, center, other_center, desk_head):
    # Desk head in both centers, working in A: B's lexicon is switched to, not edited here.
    membership_add(center=other_center, user=desk_head, roles=["desk_head"])
    theirs = make_lexicon(other_center, LexiconKind.BANNED, name="邻县禁用词")

    url = reverse("proofing_lexicons:edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"name": "改名", "kind": "banned", "default_severity": ""})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "邻县禁用词"
    assert "邻县禁用词" not in client.get(reverse("proofing_lexicons:index")).content.decode()
    form = client.get(reverse("proofing_terms:add")).context["form"]
    assert theirs not in form.fields["lexicon"].queryset


# -- entries -------------------------------------------------------------------------------


def test_a_typo_without_its_correction_is_refused(client, center, desk_head):
    typos = make_lexicon(center, LexiconKind.TYPO, name="错别字")

    response = client.post(
        reverse("proofing_terms:add"), {**TERM, "lexicon": typos.pk, "text": "既使"}
    )

    assert response.status_code == 200
    assert "错别字须写明正确写法" in response.content.decode()
    assert not Term.objects.exists()
    assert version_count(typos) == 1


def test_a_leader_without_titles_is_refused(client, center, desk_head):
    leaders = make_lexicon(center, LexiconKind.LEADER, name="领导")

    response = client.post(
        reverse("proofing_leaders:add"),
        {"lexicon": leaders.pk, "name": "甲某", "titles": "  \n ", "order": "1"},
    )

    assert response.status_code == 200
    assert not Leader.objects.exists()
    assert version_count(leaders) == 1


def test_a_broken_pattern_is_refused(client, center, desk_head):
    rules = make_lexicon(center, LexiconKind.FORMULATION, name="规范表述")

    response = client.post(
        reverse("proofing_rules:add"),
        {"lexicon": rules.pk, "name": "坏规则", "kind": "regex", "pattern": "(未闭合"},
    )

    assert response.status_code == 200
    assert "正则表达式有误" in response.content.decode()
    assert not Rule.objects.exists()


def test_term_add_edit_delete_are_audited_and_versioned(client, center, desk_head):
    typos = make_lexicon(center, LexiconKind.TYPO, name="错别字")
    data = {**TERM, "lexicon": typos.pk, "text": "既使", "suggestion": "即使"}
    assert client.post(reverse("proofing_terms:add"), data).status_code == 302
    term = Term.objects.get()
    assert term.center == center
    assert audited(term, "create").exists()
    assert version_count(typos) == 2

    url = reverse("proofing_terms:edit", args=[term.pk])
    response = client.post(url, {**data, "suggestion": ""})
    assert "错别字须写明正确写法" in response.content.decode()
    term.refresh_from_db()
    assert term.suggestion == "即使"
    assert version_count(typos) == 2
    assert client.post(url, {**data, "note": "常见"}).status_code == 302
    term.refresh_from_db()
    assert term.note == "常见"
    assert audited(term, "update").exists()
    assert version_count(typos) == 3

    assert client.post(reverse("proofing_terms:delete", args=[term.pk])).status_code == 302
    assert not Term.objects.exists()
    assert audited(term, "delete").exists()
    assert version_count(typos) == 4


def test_a_term_moves_between_the_centers_lexicons(center, desk_head):
    first = make_lexicon(center, LexiconKind.BANNED, name="禁用词一", terms=["词"])
    second = make_lexicon(center, LexiconKind.BANNED, name="禁用词二")

    services.entry_update(by=desk_head, entry=first.terms.get(), lexicon=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.current_version.entry_count == 0
    assert second.current_version.entry_count == 1


def test_the_rules_hold_outside_the_admin(center):
    typos = make_lexicon(center, LexiconKind.TYPO, name="错别字")
    with pytest.raises(ValidationError, match="错别字须写明正确写法"):
        services.term_create(lexicon=typos, text="既使", by=None)
    with pytest.raises(ValidationError, match="该词库的类型不能存放此类条目"):
        services.rule_create(lexicon=typos, name="规则", pattern="x+", by=None)
    assert not Term.objects.exists()


# -- read-only records ---------------------------------------------------------------------


def test_versions_and_accepted_findings_are_read_only(client, center, make_user):
    lexicon = make_lexicon(center, LexiconKind.BANNED, name="禁用词")
    version = lexicon.current_version
    root = make_user(center, "administrator", username="root-x")
    root.is_superuser = True
    root.save()
    work_in(client, root, center)
    accepted = AcceptedFinding.objects.create(
        center=center, text_hash="0" * 64, start=0, end=1, matched="x", rule_key="k", reason="r"
    )

    client.post(reverse("proofing_versions:add"), {"note": "伪造"})
    client.post(reverse("proofing_versions:edit", args=[version.pk]), {"note": "伪造"})
    client.post(reverse("proofing_versions:delete", args=[version.pk]))
    client.post(reverse("proofing_accepted:edit", args=[accepted.pk]), {"reason": "改"})
    client.post(reverse("proofing_accepted:delete", args=[accepted.pk]))

    assert list(LexiconVersion.objects.values_list("pk", "note")) == [(version.pk, version.note)]
    accepted.refresh_from_db()
    assert accepted.reason == "r"
