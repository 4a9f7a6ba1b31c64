"""The review desk shows the pre-check findings in place, and the reviewer at the current
level keeps a warning with a reason (recorded by proofing)."""

import re

import pytest
from django.urls import reverse

from rongmei.newsroom import services
from rongmei.proofing.models import AcceptedFinding
from rongmei.proofing.services import lexicon_create, term_create

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def flagged(center, staff):
    """A story in 初审 whose body holds a cautioned word (a warning, not blocking)."""
    lexicon = lexicon_create(
        center=center, name="本地慎用词", kind="cautioned", default_severity="warn", by=None
    )
    term_create(lexicon=lexicon, text="史无前例", by=None)
    story = story_for(center, staff["reporter"], body="<p>这是一次史无前例的创卫行动。</p>")
    services.story_submit(story=story, by=staff["reporter"])
    return story


def _accept(client, story, reason, **extra):
    desk = client.get(reverse("newsroom_story_desk", args=[story.pk])).text
    fields = dict(re.findall(r'name="(source|start|end|rule_key)" value="([^"]*)"', desk)[:4])
    fields.update(reason=reason, **extra)
    return client.post(
        reverse("newsroom_story_act", args=[story.pk, "accept"]), fields, follow=True
    )


def test_desk_highlights_the_flagged_span_in_place(client, staff, flagged):
    client.force_login(staff["editor"])
    page = client.get(reverse("newsroom_story_desk", args=[flagged.pk])).text
    assert re.search(r'<mark class="rm-warn"[^>]*>史无前例<sup>1</sup></mark>', page)
    assert "这是一次" in page
    assert "的创卫行动" in page
    assert 'name="reason"' in page  # the reviewer at 初审 may keep it


def test_reviewer_keeps_a_warning_with_a_reason(client, staff, flagged):
    client.force_login(staff["editor"])
    response = _accept(client, flagged, "引用原话，保留")
    assert "已记录保留理由" in response.text
    kept = AcceptedFinding.objects.get()
    assert (kept.matched, kept.reason, kept.accepted_by) == (
        "史无前例",
        "引用原话，保留",
        staff["editor"],
    )
    page = client.get(reverse("newsroom_story_desk", args=[flagged.pk])).text
    assert re.search(r'<mark class="rm-accepted"[^>]*>史无前例', page)
    assert "已保留：引用原话，保留" in page


def test_keeping_a_warning_with_an_empty_reason_is_refused(client, staff, flagged):
    client.force_login(staff["editor"])
    response = _accept(client, flagged, "   ")
    assert "请填写保留理由" in response.text
    assert not AcceptedFinding.objects.exists()


def test_only_the_current_reviewer_may_keep_a_warning(client, staff, flagged):
    client.force_login(staff["editor"])
    desk = client.get(reverse("newsroom_story_desk", args=[flagged.pk])).text
    fields = dict(re.findall(r'name="(source|start|end|rule_key)" value="([^"]*)"', desk)[:4])
    client.force_login(staff["chief_editor"])  # 终审, while the story is at 初审
    page = client.get(reverse("newsroom_story_desk", args=[flagged.pk])).text
    assert 'name="reason"' not in page.split('id="rm-proof"')[1]
    response = client.post(
        reverse("newsroom_story_act", args=[flagged.pk, "accept"]),
        {**fields, "reason": "我来保留"},
        follow=True,
    )
    assert "只有当前环节的审核人" in response.text
    assert not AcceptedFinding.objects.exists()


def test_other_centers_story_warning_cannot_be_kept(client, other_center, make_user, flagged):
    client.force_login(make_user(other_center, "editor", username="their-editor"))
    response = client.post(
        reverse("newsroom_story_act", args=[flagged.pk, "accept"]),
        {"source": "master", "start": 5, "end": 9, "rule_key": "x", "reason": "保留"},
    )
    assert response.status_code == 404
    assert not AcceptedFinding.objects.exists()
