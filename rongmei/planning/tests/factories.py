"""Factories of planning records, made through the services where rules apply."""

import datetime as dt

from django.utils import timezone

from rongmei.planning import services


def approved_topic(center, planner, title="全力推进创卫工作"):
    topic = services.topic_propose(by=planner, center=center, title=title)
    return services.topic_approve(topic=topic, by=planner, opinion="同意")


def dispatched_assignment(center, planner, reporter, *, due=None, title="采访创卫推进会"):
    topic = approved_topic(center, planner)
    assignment = services.assignment_create(
        by=planner,
        center=center,
        topic=topic,
        title=title,
        due=due or timezone.now() + dt.timedelta(days=1),
        members=[(reporter, "reporter")],
    )
    return services.assignment_dispatch(assignment=assignment, by=planner)
