"""Benchmark of the statistics document on a large center-year.

Standalone: `.venv/bin/python bench/bench_stats.py [--publications 100000]`. It
migrates a scratch SQLite database in a temporary directory, bulk-creates one
center's year (100 000 publications by default, with adoptions, episodes, audience
figures and the rest), then prints

- the time of one aggregate scan, `SELECT COUNT(*), SUM(views)` over the
  publications of the center-year (the floor any statistics must pay);
- the time of the full statistics document, and its ratio to that scan (goal ≤ 3×),
  also in CPU time, which other processes on the machine disturb far less;
- the time of the monthly series and of the whole statistics page's data (document,
  monthly series with 同比, top publications), as drawn in charts;
- the time of the Word work summary.

Publications are inserted in date order, as a center records them day by day;
`--scattered` spreads consecutive rows over the year instead, the worst case for
reading a period through the (center, date) index. It applies when the database
is built, not to one reused with `--db`.

`--db=PATH` keeps the populated database at PATH and reuses it on later runs (no
50-second setup); `--profile` lists the queries of one document, slowest first.
`--column-index` first adds an index on publications (center, column, date), the one
asked of `distribution` for the column counts, to measure its effect before it exists.

Each time is the best of several runs, after one warm-up run; the scan and the
document run in turns, so that both meet the same load, and the median ratio of
those pairs is printed beside the ratio of the best times.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
# `--db PATH` keeps the populated database at PATH and reuses it on the next run.
_DB = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--db=")), None)
if _DB is None:
    SCRATCH = tempfile.mkdtemp(prefix="rongmei-bench-")
    atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
    _DB = f"{SCRATCH}/bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{_DB}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

START = dt.date(2021, 1, 1)
END = dt.date(2021, 12, 31)
DAYS = 365


def _best(fn, runs: int, clock=time.perf_counter) -> float:
    fn()  # warm-up: caches, SQLite pages
    times = []
    for _ in range(runs):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return min(times)


def _paired(first, second, runs: int, clock=time.perf_counter) -> tuple[float, float, float]:
    """Best times of `first` and `second` run in turns, and the median ratio of the pairs.

    Run in turns, both meet the same load of the machine, so their ratio holds when
    other processes come and go; measured one after the other, a busy spell during
    one of them skews it.
    """
    first(), second()  # warm-up
    a, b = [], []
    for _ in range(runs):
        for fn, times in ((first, a), (second, b)):
            t0 = clock()
            fn()
            times.append(clock() - t0)
    ratios = sorted(y / x for x, y in zip(a, b, strict=True))
    return min(a), min(b), ratios[len(ratios) // 2]


def _day(i: int) -> dt.date:
    return START + dt.timedelta(days=i % DAYS)


def populate(n_publications: int, in_order: bool = True):
    """One center's year; publications in date order unless `in_order` is false."""
    from rongmei.broadcast_safety.models import BroadcastIncident
    from rongmei.core.models import Center
    from rongmei.distribution.models import AudienceFigure, Channel, Publication
    from rongmei.exposure.models import ExposureCase
    from rongmei.integrity.models import IntegrityRecord
    from rongmei.newsroom.models import Campaign, Column
    from rongmei.notices.models import Notice
    from rongmei.outreach.models import Adoption, Outlet
    from rongmei.party.models import PartyActivity
    from rongmei.programmes.models import Episode, LiveStream, Production, Programme
    from rongmei.training.models import TrainingEvent

    rnd = random.Random(2021)
    center = Center.objects.create(code="632224", name="示范县融媒体中心")
    Center.objects.create(code="632225", name="邻县融媒体中心")
    platforms = ["wechat", "douyin", "kuaishou", "toutiao", "app", "website", "weibo", "xuexi"]
    channels = Channel.objects.bulk_create(
        Channel(center=center, name=f"示范融媒{p}", platform=p) for p in platforms
    )
    columns = Column.objects.bulk_create(Column(center=center, name=f"栏目{i}") for i in range(20))
    campaigns = Campaign.objects.bulk_create(
        Campaign(center=center, name=f"专题{i}") for i in range(10)
    )
    central = Outlet.objects.create(center=center, name="中央电视台", level="central")
    outlets = [
        central,
        *Outlet.objects.bulk_create(
            [Outlet(center=center, name="新闻联播", level="central", parent=central)]
            + [
                Outlet(
                    center=center, name=f"媒体{i}", level=rnd.choice(["provincial", "municipal"])
                )
                for i in range(30)
            ]
        ),
    ]
    programme = Programme.objects.create(center=center, name="栏目0")

    batch = 5000
    for offset in range(0, n_publications, batch):
        Publication.objects.bulk_create(
            Publication(
                center=center,
                channel=channels[i % len(channels)],
                date=_day(i * DAYS // n_publications if in_order else i),
                title=f"新闻{i}",
                column=columns[i % 20] if i % 3 == 0 else None,
                views=rnd.randrange(0, 5000),
                likes=rnd.randrange(0, 50),
                origin="imported",
            )
            for i in range(offset, min(offset + batch, n_publications))
        )
    pubs = list(Publication.objects.filter(center=center).values_list("pk", flat=True)[::10])
    through = Publication.campaigns.through
    through.objects.bulk_create(
        through(publication_id=pk, campaign_id=campaigns[k % 10].pk) for k, pk in enumerate(pubs)
    )
    n_adoptions = max(n_publications // 20, 10)
    Adoption.objects.bulk_create(
        Adoption(
            center=center,
            outlet=outlets[i % len(outlets)],
            date=_day(i),
            title=f"外宣{i}",
            placement=rnd.choice(["other", "other", "front_page", "front_page_headline"]),
        )
        for i in range(n_adoptions)
    )
    Episode.objects.bulk_create(
        Episode(center=center, programme=programme, date=_day(i), items=12) for i in range(DAYS)
    )
    AudienceFigure.objects.bulk_create(
        AudienceFigure(center=center, channel=ch, date=_day(i), followers=1000 + i, visits=i)
        for ch in channels
        for i in range(DAYS)
    )
    LiveStream.objects.bulk_create(
        LiveStream(center=center, date=_day(i), title=f"直播{i}", viewers=1000) for i in range(200)
    )
    Production.objects.bulk_create(
        Production(center=center, date=_day(i), title=f"作品{i}", kind="psa") for i in range(500)
    )
    PartyActivity.objects.bulk_create(
        PartyActivity(center=center, date=_day(i), kind="community_service", hours=Decimal("2.5"))
        for i in range(500)
    )
    IntegrityRecord.objects.bulk_create(
        IntegrityRecord(center=center, date=_day(i), kind="integrity_talk") for i in range(200)
    )
    ExposureCase.objects.bulk_create(
        ExposureCase(center=center, date=_day(i), title=f"曝光{i}", status="published")
        for i in range(1000)
    )
    Notice.objects.bulk_create(
        Notice(center=center, date=_day(i), category="power", title=f"停电{i}") for i in range(1000)
    )
    BroadcastIncident.objects.bulk_create(
        BroadcastIncident(
            center=center,
            started=dt.datetime.combine(_day(i), dt.time(20), tzinfo=dt.UTC),
            system="FM",
            kind="outage",
            duration_seconds=30,
        )
        for i in range(50)
    )
    TrainingEvent.objects.bulk_create(
        TrainingEvent(center=center, date=_day(i), title=f"培训{i}", attendees=20)
        for i in range(100)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return center


def _profile(fn) -> None:
    """Each query of one run of `fn`, slowest first, by CPU time.

    The queries are captured, then run again one by one through the raw connection and
    read to the end: SQLite does much of a query's work while rows are fetched, which
    the time Django records for `execute` leaves out.
    """
    from django.test.utils import CaptureQueriesContext

    fn()
    with CaptureQueriesContext(connection) as ctx:
        t0 = time.process_time()
        fn()
        total = time.process_time() - t0
    raw = connection.connection
    timed = []
    for q in ctx.captured_queries:

        def run(sql=q["sql"]):
            raw.execute(sql).fetchall()

        timed.append((_best(run, 3, time.process_time), q["sql"]))
    timed.sort(reverse=True)
    spent = sum(t for t, _ in timed)
    print(
        f"{len(timed)} queries: {spent * 1000:.1f} ms CPU in SQLite of {total * 1000:.1f} ms "
        f"for the whole document (the rest is Django and Python)"
    )
    for t, sql in timed:
        print(f"{t * 1000:7.1f} ms  {sql[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--publications", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--scattered",
        action="store_true",
        help="insert publications with their dates scattered (day = row number mod 365) "
        "rather than in date order, the worst case for the (center, date) index",
    )
    parser.add_argument("--db", help="keep the database at this path and reuse it (--db=PATH)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also list the queries of one statistics document, slowest first",
    )
    parser.add_argument(
        "--column-index",
        action="store_true",
        help="add an index on publications (center, column, date) before measuring",
    )
    args = parser.parse_args()

    from rongmei.reporting.dashboard import stats_dashboard
    from rongmei.reporting.series import stats_monthly
    from rongmei.reporting.services import stats_document
    from rongmei.reporting.summary import work_summary_build

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    from rongmei.core.models import Center

    center = Center.objects.filter(code="632224").first() or populate(
        args.publications, in_order=not args.scattered
    )
    if args.column_index:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS bench_pub_column_date "
                "ON distribution_publication (center_id, column_id, date)"
            )
            cursor.execute("ANALYZE")
    print(
        f"setup: {time.perf_counter() - t0:.1f} s ({args.publications} publications, "
        + (f"kept in {args.db})" if args.db else "scratch SQLite removed at exit)")
    )

    def scan():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*), SUM(views) FROM distribution_publication "
                "WHERE center_id = %s AND date >= %s AND date <= %s",
                [center.pk, START.isoformat(), END.isoformat()],
            )
            return cursor.fetchone()

    def document():
        return stats_document(center=center, start=START, end=END)

    def summary():
        return work_summary_build(center=center, start=START, end=END)

    def monthly():
        return stats_monthly(center=center, start=START, end=END, compare="previous_year")

    def page():
        return stats_dashboard(center=center, start=START, end=END, compare="previous_year")

    if args.profile:
        _profile(document)
    count, views = scan()
    doc = document()
    assert doc["published_total"] == count
    assert doc["views_total"] == views
    t_scan, t_doc, t_median = _paired(scan, document, args.runs)
    # SQLite runs in this process, so CPU time measures the same work as the wall clock
    # while other processes share the cores; both ratios are printed.
    c_scan, c_doc, c_median = _paired(scan, document, args.runs, time.process_time)
    t_docx = _best(summary, max(args.runs // 2, 1))
    t_monthly = _best(monthly, args.runs)
    t_page = _best(page, args.runs)
    if args.column_index:
        print("(with the extra index on publications (center, column, date))")
    print(f"aggregate scan (COUNT, SUM(views)): {t_scan * 1000:8.1f} ms")
    print(f"statistics document:               {t_doc * 1000:8.1f} ms")
    print(
        f"ratio document / scan:             {t_doc / t_scan:8.2f}x (goal <= 3x; "
        f"median of {args.runs} pairs {t_median:.2f}x)"
    )
    print(
        f"ratio in CPU time:                 {c_doc / c_scan:8.2f}x ({c_doc * 1000:.1f} / "
        f"{c_scan * 1000:.1f} ms; median of pairs {c_median:.2f}x)"
    )
    print(f"monthly series (with 同比):        {t_monthly * 1000:8.1f} ms")
    print(f"statistics page data (with 同比):  {t_page * 1000:8.1f} ms")
    print(f"work summary .docx (with 同比):    {t_docx * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
