"""Demo owns the deterministic demo center: staff in departments and a realistic year,
built through the same services the staff UI uses."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from rongmei.accounts.models import Membership, User
from rongmei.accounts.services import department_create, membership_add, staff_create
from rongmei.core.models import Center, CenterLevel
from rongmei.core.roles import Role
from rongmei.core.services import center_create

from .distribution_year import build_jobs, build_reach_series
from .programmes_year import build_programme_details
from .vocabulary import GIVEN, SURNAMES
from .year import BUILDERS

DEMO_PASSWORD = "rongmei-demo-2021"  # noqa: S105 - demo accounts only, printed by `make run`

DEPARTMENTS = ["总编室", "新闻采访部", "新媒体部", "电视节目部", "技术保障部", "办公室"]

# One demo account per role: (username, name, role, department).
DEMO_STAFF: list[tuple[str, str, str, str]] = [
    ("reporter", "李记者", Role.REPORTER, "新闻采访部"),
    ("camera", "王摄像", Role.CAMERA, "新闻采访部"),
    ("editor", "张编辑", Role.EDITOR, "总编室"),
    ("deskhead", "赵主任", Role.DESK_HEAD, "新闻采访部"),
    ("chief", "陈总编", Role.CHIEF_EDITOR, "总编室"),
    ("operator", "刘运营", Role.CHANNEL_OPERATOR, "新媒体部"),
    ("engineer", "孙技术", Role.ENGINEER, "技术保障部"),
    ("party", "周书记", Role.PARTY_BRANCH, "办公室"),
    ("integrity", "吴纪检", Role.INTEGRITY_OFFICER, "办公室"),
    ("director", "郑主任", Role.DIRECTOR, "办公室"),
    ("admin", "钱管理员", Role.ADMINISTRATOR, "办公室"),
    ("security", "冯安全", Role.SECURITY_ADMIN, "办公室"),
    ("auditor", "褚审计", Role.AUDIT_ADMIN, "办公室"),
]
CITY_VIEWER = ("cityviewer", "市平台观察员", Role.CITY_VIEWER)


# Extra staff per department at scale 1, by the roles they hold.
EXTRA_STAFF = [
    ("新闻采访部", Role.REPORTER, 14),
    ("新闻采访部", Role.CAMERA, 8),
    ("总编室", Role.EDITOR, 6),
    ("新媒体部", Role.CHANNEL_OPERATOR, 6),
    ("电视节目部", Role.EDITOR, 6),
    ("技术保障部", Role.ENGINEER, 5),
]

Progress = Callable[[str, int], None]


@dataclass
class DemoResult:
    center: Center
    accounts: list[tuple[str, str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# Later capabilities add their part of the demo year here: functions
# `(center, year, rng, scale, progress) -> dict[str, int]` run in order.
YEAR_BUILDERS: list[Callable[..., dict[str, int]]] = []
# The realistic year: channels, publications, outreach, programmes, party records… (year.py)
YEAR_BUILDERS.extend(BUILDERS)
# These work over the stories and episodes built above: publish jobs for the signed-off
# versions; rundowns, live-stream duty staff and links, PSA airings; reach over time.
YEAR_BUILDERS.extend([build_jobs, build_programme_details, build_reach_series])


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


@transaction.atomic
def demo_staff(*, center: Center, rng: random.Random, scale: int = 1) -> list[tuple[str, str, str]]:
    """Departments, one account per role (known password), and the rest of the staff."""
    departments = {
        name: department_create(center=center, name=name, sort_order=i)
        for i, name in enumerate(DEPARTMENTS)
    }
    accounts = []
    prefix = "" if center.code == "632224" else f"{center.code}-"
    for username, name, role, dept in DEMO_STAFF:
        username = prefix + username
        user = User.objects.filter(username=username).first()
        if user is None:
            staff_create(
                center=center,
                username=username,
                password=DEMO_PASSWORD,
                display_name=name,
                roles=[role],
                department=departments[dept],
            )
        accounts.append((username, name, Role(role).label))
    existing = Membership.objects.filter(center=center).count()
    wanted = len(DEMO_STAFF) + sum(n for _d, _r, n in EXTRA_STAFF) * scale
    serial = existing
    for dept, role, n in EXTRA_STAFF:
        for _i in range(n * scale):
            if serial >= wanted:
                break
            serial += 1
            staff_create(
                center=center,
                username=f"{center.code}-{serial:04d}",
                password=None,
                display_name=_name(rng),
                roles=[role],
                department=departments[dept],
            )
    return accounts


def demo_seed(
    *,
    code: str,
    name: str,
    year: int,
    scale: int = 1,
    seed: int = 2021,
    progress: Progress | None = None,
) -> DemoResult:
    """Build (or complete) the demo center. Running it again adds nothing twice."""
    progress = progress or (lambda label, n: None)
    rng = random.Random(f"{seed}-{code}-{year}-{scale}")
    city_code = code[:4] + "00"
    city, _ = center_create(code=city_code, name="示范市融媒体平台", level=CenterLevel.CITY)
    center, _ = center_create(code=code, name=name, parent_code=city.code)
    result = DemoResult(center=center)
    result.accounts = demo_staff(center=center, rng=rng, scale=scale)
    progress("staff", Membership.objects.filter(center=center).count())
    viewer_name = CITY_VIEWER[0] if code == "632224" else f"{code}-{CITY_VIEWER[0]}"
    viewer = User.objects.filter(username=viewer_name).first()
    if viewer is None:
        staff_create(
            center=city,
            username=viewer_name,
            password=DEMO_PASSWORD,
            display_name=CITY_VIEWER[1],
            roles=[CITY_VIEWER[2]],
        )
    result.accounts.append((viewer_name, CITY_VIEWER[1], Role(CITY_VIEWER[2]).label))
    for builder in YEAR_BUILDERS:
        # Each builder draws from its own generator, so that what it builds does not
        # depend on what ran before it (staff created or found, builders skipped).
        name = getattr(builder, "__name__", "builder")
        builder_rng = random.Random(f"{seed}-{code}-{year}-{scale}-{name}")
        counts = builder(center=center, year=year, rng=builder_rng, scale=scale, progress=progress)
        result.counts.update(counts)
    return result


__all__ = ["DEMO_PASSWORD", "DemoResult", "demo_seed", "membership_add"]
