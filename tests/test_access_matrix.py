"""URL × role × center, generated from the URL conf and the role table.

Every admin and API route is walked; nothing here names a route, so a new one is
covered without editing this file. A role counts only in the center where it is held:

1. **Another center's role adds nothing.** For every route without parameters, a user
   who holds role R in center B and only 摄像 in A, working in A, gets exactly what a
   user holding only 摄像 in A gets.
2. **The role table decides.** For every center-scoped admin listing, a holder of role R
   in A may open its index (and its add form) exactly when R's permissions (the group's
   rows, read directly) grant it.
3. **B's objects are not found.** Every record route (edit, delete, history, usage,
   inspect, copy) with the id of a B record is a 404 to whoever holds the permission in
   A, and never a 200 to anyone working in A; working in B, the same requests get past
   the lookup (a page, or a refusal by permission).
   Every record viewset gets a B record (a factory, or a builder through the services
   in `_service_built`): one without fails the test.

The counts of routes walked are printed at the end of the run (the root conftest's
terminal summary reads what each test reports).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import factory
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

import rongmei
from rongmei.accounts.models import Membership
from rongmei.accounts.services import membership_add
from rongmei.core import roles as role_table
from rongmei.core.roles import ROLE_GROUP_NAMES, VIEWER_ROLES
from rongmei.core.tests.helpers import work_in as login_in
from rongmei.core.viewsets import CenterScopedViewSet

pytestmark = pytest.mark.django_db

STAFF_ROLES = sorted(r for r in ROLE_GROUP_NAMES if r not in VIEWER_ROLES)
# 三员分立: roles one person may not hold together in a center (none where not split).
SEPARATED = frozenset(getattr(role_table, "SEPARATED_ADMIN_ROLES", ()))
BASE_ROLE = "camera"
# A sign-out is a POST and ends the session; failwhale is Wagtail's deliberate 500.
SKIP = {"admin/logout/", "admin/failwhale/"}
# Each record view and the action that offers it (None: any permission on the model).
RECORD_VIEWS = {
    "edit": "change",
    "delete": "delete",
    "copy": "add",
    "history": None,
    "usage": None,
    "inspect": None,
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def report(line: str) -> None:
    """One line for the run's summary (pytest-xdist workers write, the controller prints)."""
    from django.conf import settings

    path = settings.BASE_DIR / "var" / "test-reports" / "access-matrix.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def plain_routes() -> list[str]:
    """Admin and API paths without parameters, as a browser would request them."""
    routes = set()
    for raw in _walk(get_resolver().url_patterns):
        path = raw.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
        if not (path.startswith("admin/") or path.startswith("api/v1/")):
            continue
        if "<" in path or re.search(r"[()\[\]?*+|]", path) or path in SKIP:
            continue
        routes.add("/" + path)
    return sorted(routes)


def scoped_viewsets() -> list[CenterScopedViewSet]:
    from wagtail.admin.viewsets import viewsets

    _ = get_resolver().url_patterns  # the admin's URL conf registers the viewsets
    return [v for v in viewsets.viewsets if isinstance(v, CenterScopedViewSet)]


def role_perms(role: str) -> set[str]:
    rows = Permission.objects.filter(group__name=ROLE_GROUP_NAMES[role]).values_list(
        "content_type__app_label", "codename"
    )
    return {f"{a}.{c}" for a, c in rows}


def factories() -> dict[type, type]:
    """Every factory_boy model factory of the apps' tests, by model."""
    found: dict[type, type] = {}
    for info in pkgutil.iter_modules(rongmei.__path__):
        try:
            module = importlib.import_module(f"rongmei.{info.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, factory.django.DjangoModelFactory)
                and obj._meta.model is not None
            ):
                found.setdefault(obj._meta.model, obj)
    return found


def combinable(roles) -> list[str]:
    """`roles` as one person may hold them in a center: the first separated role only."""
    kept = []
    for role in roles:
        if role in SEPARATED and any(k in SEPARATED for k in kept):
            continue
        kept.append(role)
    return kept


def status(client, url, center_code):
    sep = "&" if "?" in url else "?"
    if url.startswith("/api/"):
        url = f"{url}{sep}center={center_code}"
    response = client.get(url)
    return response.status_code


def test_a_role_held_elsewhere_adds_nothing_here(client, center, other_center, make_user):
    routes = plain_routes()
    assert len(routes) > 50
    baseline_user = make_user(center, BASE_ROLE, username="base-only")
    login_in(client, baseline_user, center)
    baseline = {url: status(client, url, center.code) for url in routes}
    walked = 0
    mismatches = []
    for role in ("administrator", "chief_editor", "director", "integrity_officer"):
        user = make_user(center, BASE_ROLE, username=f"also-{role}")
        membership_add(center=other_center, user=user, roles=[role])
        login_in(client, user, center)
        for url in routes:
            got = status(client, url, center.code)
            walked += 1
            if got != baseline[url]:
                mismatches.append((role, url, baseline[url], got))
    report(f"[access matrix] {len(routes)} admin/API routes × 4 roles held in B: {walked} requests")
    assert not mismatches, mismatches


def _allowed(perms: set[str], model, actions) -> bool:
    meta = model._meta
    return any(f"{meta.app_label}.{a}_{meta.model_name}" in perms for a in actions)


def test_the_role_table_decides_each_listing(client, center, other_center, make_user):
    viewsets = scoped_viewsets()
    assert len(viewsets) > 20
    walked = 0
    wrong = []
    for role in STAFF_ROLES:
        perms = role_perms(role)
        holder = make_user(center, role, username=f"holds-{role}")
        # …who also holds every other role in B: it must not count here.
        membership_add(
            center=other_center,
            user=holder,
            roles=combinable(r for r in STAFF_ROLES if r != role),
        )
        login_in(client, holder, center)
        for viewset in viewsets:
            model = viewset.model
            expect_index = _allowed(perms, model, ("add", "change", "delete", "view"))
            got = client.get(reverse(viewset.get_url_name("index"))).status_code
            walked += 1
            if (got == 200) != expect_index:
                wrong.append((role, viewset.name, "index", expect_index, got))
            if viewset.services.create is not None:
                expect_add = _allowed(perms, model, ("add",))
                got = client.get(reverse(viewset.get_url_name("add"))).status_code
                walked += 1
                if (got == 200) != expect_add:
                    wrong.append((role, viewset.name, "add", expect_add, got))
    report(
        f"[access matrix] {len(viewsets)} listings × {len(STAFF_ROLES)} roles: {walked} requests"
    )
    assert not wrong, wrong


def _accepted_warning(center, make_user):
    """A warning kept by an editor of `center`, through the pre-check itself."""
    from rongmei.proofing.models import LexiconKind
    from rongmei.proofing.services import finding_accept, proofread
    from rongmei.proofing.tests.factories import make_lexicon

    make_lexicon(center, LexiconKind.CAUTIONED, terms=[{"text": "老外", "suggestion": "外国人"}])
    text = "引用原话：“老外也爱吃”。"
    (finding,) = proofread(center=center, text=text).findings
    return finding_accept(
        center=center, text=text, start=finding.span.start, end=finding.span.end,
        rule_key=finding.span.rule.key, reason="直接引语", by=make_user(center, "editor"),
    )  # fmt: skip


def _service_built(model, center, make_user):
    """B records of models without a factory, made by their services."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from rongmei.party.models import CommunityServiceReport, StudyAppUsage
    from rongmei.party.services import community_service_report_create, study_app_usage_create
    from rongmei.party.tests.factories import PartyMemberFactory
    from rongmei.planning.models import Assignment, KeyDate, Lead, Topic
    from rongmei.planning.services import (
        assignment_create,
        key_date_create,
        lead_create,
        topic_propose,
    )
    from rongmei.planning.tests.factories import approved_topic
    from rongmei.proofing.models import (
        AcceptedFinding,
        Leader,
        Lexicon,
        LexiconKind,
        LexiconVersion,
        Rule,
        Term,
    )
    from rongmei.proofing.services import leader_create, lexicon_create, rule_create, term_create
    from rongmei.proofing.tests.factories import make_lexicon
    from rongmei.scoring.models import ScoreRule
    from rongmei.scoring.services import score_rule_create

    def planner():
        return make_user(center, "desk_head")

    builders = {
        KeyDate: lambda: key_date_create(
            by=None, center=center, date=dt.date(2021, 10, 1), title="邻县节点"
        ),
        Lead: lambda: lead_create(by=None, center=center, title="邻县线索", content="内容"),
        Topic: lambda: topic_propose(by=planner(), center=center, title="邻县选题"),
        Assignment: lambda: assignment_create(
            by=(desk := planner()),
            center=center,
            topic=approved_topic(center, desk, title="邻县已批选题"),
            title="邻县任务",
            due=timezone.now() + dt.timedelta(days=1),
        ),
        Lexicon: lambda: lexicon_create(
            center=center, name="邻县词库", kind=LexiconKind.BANNED, by=None
        ),
        LexiconVersion: lambda: make_lexicon(center, name="邻县版本词库").current_version,
        Term: lambda: term_create(
            lexicon=make_lexicon(center, name="邻县禁用词"), text="邻县词条", by=None
        ),
        Leader: lambda: leader_create(
            lexicon=make_lexicon(center, LexiconKind.LEADER, name="邻县领导"),
            name="张三",
            titles=["县长"],
            by=None,
        ),
        Rule: lambda: rule_create(
            lexicon=make_lexicon(center, LexiconKind.FORMULATION, name="邻县规范表述"),
            name="邻县规则",
            pattern=r"邻县\d{1,2}号",
            by=None,
        ),
        AcceptedFinding: lambda: _accepted_warning(center, make_user),
        ScoreRule: lambda: score_rule_create(
            by=None, center=center, effective_month=dt.date(2021, 6, 1)
        ),
        CommunityServiceReport: lambda: community_service_report_create(
            by=None,
            center=center,
            member=PartyMemberFactory(center=center),
            date=dt.date(2021, 6, 1),
            hours=Decimal("2.0"),
        ),
        StudyAppUsage: lambda: study_app_usage_create(
            by=None,
            center=center,
            date=dt.date(2021, 6, 1),
            app="学习强国",
            members=30,
            installed=28,
            active=20,
        ),
    }
    build = builders.get(model)
    return build() if build is not None else None


def _b_record(model, other_center, make_user, found):
    if model is Membership:
        return Membership.objects.get(user=make_user(other_center, "reporter"))
    built = _service_built(model, other_center, make_user)
    if built is not None:
        return built
    factory_class = found.get(model)
    if factory_class is None:
        return None
    try:
        return factory_class(center=other_center)
    except Exception:  # a factory that cannot build alone; counted as not covered
        return None


def test_another_centers_records_are_not_found(client, center, other_center, make_user):
    found = factories()
    covered, uncovered, walked = [], [], 0
    wrong = []
    every_role = combinable(STAFF_ROLES)
    admin_here = make_user(center, *every_role, username="every-role-in-a")
    membership_add(center=other_center, user=admin_here, roles=every_role)
    login_in(client, admin_here, center)
    perms = set().union(*(role_perms(r) for r in every_role))
    for viewset in scoped_viewsets():
        record = _b_record(viewset.model, other_center, make_user, found)
        if record is None:
            uncovered.append(viewset.name)
            continue
        covered.append(viewset.name)
        not_found_in_a = []
        for view, action in RECORD_VIEWS.items():
            try:
                url = reverse(viewset.get_url_name(view), args=[record.pk])
            except NoReverseMatch:
                continue
            got = client.get(url).status_code
            walked += 1
            if got == 404:
                not_found_in_a.append(url)
            actions = (action,) if action else ("add", "change", "delete", "view")
            offered = _allowed(perms, viewset.model, actions) and all(
                viewset.services.provides(a) for a in actions if action
            )
            # Offered in A: exactly "not found"; not offered: refused; never shown.
            if got == 200 or (offered and got != 404) or got not in (302, 403, 404):
                wrong.append((viewset.name, view, got))
        for transition in viewset.services.transitions:
            url = reverse(viewset.get_url_name("transition"), args=[record.pk, transition.name])
            got = client.post(url).status_code
            walked += 1
            if got != 404:
                wrong.append((viewset.name, f"transition {transition.name}", got))
        # The control: working in B, the same user's requests get past the lookup (a page,
        # or a refusal by permission), so A's 404s are the center's doing, not a record
        # that is not there.
        login_in(client, admin_here, other_center)
        for url in not_found_in_a:
            got = client.get(url).status_code
            walked += 1
            if got == 404:
                wrong.append((viewset.name, f"{url} not found in B either", got))
        login_in(client, admin_here, center)
    report(
        f"[access matrix] B's records: {len(covered)} models, {walked} requests; "
        f"no factory to build a B record for: {', '.join(uncovered) or 'none'}"
    )
    # Every record viewset is walked: a new one needs a factory or a builder above.
    assert not uncovered, f"no builder for a B record of: {uncovered}"
    assert not wrong, wrong


def test_group_rows_are_the_only_role_table(db):
    # Users' global groups stay empty: a group held globally would count in every center.
    assert not Group.objects.filter(user__isnull=False).exists()
