"""Wagtail's story editor cannot decide a review ("approve with edit") nor cancel one:
those are refused, and nothing changes; decisions are made on the desk."""

import pytest
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from rongmei.newsroom import services
from rongmei.newsroom.models import ReviewRecord

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def in_review(center, staff):
    story = story_for(center, staff["reporter"])
    services.story_submit(story=story, by=staff["reporter"])
    return story


def _snapshot(story):
    state = story.current_workflow_state
    return (
        state.pk,
        state.status,
        state.current_task_state_id,
        Revision.objects.filter(object_id=str(story.pk)).count(),
        ReviewRecord.objects.filter(story=story).count(),
    )


def test_editor_offers_no_review_decision_nor_cancel(client, staff, in_review):
    url = reverse("wagtailsnippets_newsroom_story:edit", args=[in_review.pk])
    client.force_login(staff["editor"])  # may decide 初审, on the desk
    task = in_review.current_workflow_task.specific
    assert task.get_actions(in_review, staff["editor"])  # what Wagtail's menu would offer
    page = client.get(url)
    assert page.status_code == 200
    assert "data-workflow-action-name=" not in page.text
    assert 'name="action-workflow-action"' not in page.text
    client.force_login(staff["reporter"])  # the submitter, whom Wagtail lets cancel
    page = client.get(url)
    assert 'name="action-cancel-workflow"' not in page.text


def test_approve_with_edit_in_the_editor_is_refused(client, staff, in_review):
    before = _snapshot(in_review)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("wagtailsnippets_newsroom_story:edit", args=[in_review.pk]),
        {
            "title": "审核人顺手改的标题",
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": '{"comment": "同意"}',
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("newsroom_story_desk", args=[in_review.pk])
    in_review.refresh_from_db()
    assert _snapshot(in_review) == before
    assert in_review.get_latest_revision_as_object().title == "全力推进创卫工作"


def test_cancel_workflow_in_the_editor_is_refused(client, staff, in_review):
    before = _snapshot(in_review)
    client.force_login(staff["reporter"])
    response = client.post(
        reverse("wagtailsnippets_newsroom_story:edit", args=[in_review.pk]),
        {"action-cancel-workflow": "true"},
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert _snapshot(in_review) == before
    assert in_review.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
