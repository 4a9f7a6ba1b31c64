"""A story's TV/radio version ends as a rundown item: its open publish job is confirmed."""

import datetime as dt

import pytest

from rongmei.core.models import AuditAction, AuditEntry
from rongmei.distribution.models import JobState, Platform, PublishJob
from rongmei.distribution.tests.factories import ChannelFactory
from rongmei.programmes.services import rundown_item_add

from .factories import EpisodeFactory, signed_off_version

pytestmark = pytest.mark.django_db


def _job(version, platform, state=JobState.MANUAL):
    channel = ChannelFactory(center=version.center, name=f"渠道{platform}", platform=platform)
    return PublishJob.objects.create(
        center=version.center,
        version=version,
        channel=channel,
        state=state,
        idempotency_key=f"{version.pk}:{channel.pk}:publish",
    )


@pytest.mark.parametrize("role", ["desk_head", "editor"])
def test_putting_a_tv_version_in_a_rundown_confirms_its_job(center, make_user, role):
    user = make_user(center, role, username=f"{role}-p")
    version = signed_off_version(center, kind="tv")
    tv_job = _job(version, Platform.TV)
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))

    rundown_item_add(episode=episode, by=user, version=version)

    tv_job.refresh_from_db()
    assert tv_job.state == JobState.PUBLISHED
    # Operator or not, whoever put the version in the rundown is named as the confirmer,
    # and the job's own audit entry says it was confirmed through the rundown.
    assert tv_job.confirmed_by == user
    (entry,) = [
        e
        for e in AuditEntry.objects.filter(action=AuditAction.TRANSITION, object_id=str(tv_job.pk))
        if e.changes.get("state") == [JobState.MANUAL, JobState.PUBLISHED]
    ]
    assert entry.actor == user
    assert entry.changes["from_rundown"] is True


def test_radio_job_is_confirmed_and_finished_jobs_are_left_alone(center, make_user):
    editor = make_user(center, "editor", username="editor-p")
    version = signed_off_version(center, kind="radio")
    cancelled = _job(version, Platform.RADIO, state=JobState.CANCELLED)
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))

    rundown_item_add(episode=episode, by=editor, version=version)

    cancelled.refresh_from_db()
    assert cancelled.state == JobState.CANCELLED


def test_free_items_touch_no_job(center, make_user):
    editor = make_user(center, "editor", username="editor-f")
    version = signed_off_version(center, kind="tv")
    job = _job(version, Platform.TV)
    episode = EpisodeFactory(center=center, date=dt.date(2021, 3, 1))

    rundown_item_add(episode=episode, by=editor, title="片花", kind="teaser")

    job.refresh_from_db()
    assert job.state == JobState.MANUAL
