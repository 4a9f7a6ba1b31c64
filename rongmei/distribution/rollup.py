"""Per-day rollups of publications, kept by database triggers.

`PublicationDay` counts publications and sums their reach per center, channel and
day; `PublicationCampaignDay` counts tagged publications per center, campaign and day.

Grouping a center-year of publications by channel makes SQLite sort every row of the
period, three times the cost of reading them (bench/bench_stats.py). The rollup
holds one row per center, channel and day, so the statistics read a few thousand
rows whatever the number of publications; the campaign counts, likewise, no longer
look up every tagged publication's date (ADR 0014).

Triggers rather than Python: publications are written by services, imports in bulk,
`QuerySet.update` (reach figures, page views) and cascades, and a trigger sees every
one of them inside the writing transaction. They are installed by migration 0007 and
again after every `migrate` (`install`, idempotent), because SQLite drops a table's
triggers when a migration rebuilds the table.
"""

# SQL here is built from this module's own table and column names, never from input.
# ruff: noqa: S608

from __future__ import annotations

from django.db import connection as default_connection
from django.db.models import Count, Sum

PUB = "distribution_publication"
DAY = "distribution_publicationday"
KEY = ("center_id", "channel_id", "date")
FIGURES = ("views", "likes", "shares", "comments")
TAGS = "distribution_publication_campaigns"
CAMPAIGN_DAY = "distribution_publicationcampaignday"
CAMPAIGN_KEY = ("center_id", "campaign_id", "date")
TRIGGERS = (
    "distribution_pubday_ins",
    "distribution_pubday_del",
    "distribution_pubday_upd",
    "distribution_pubcampday_tag",
    "distribution_pubcampday_untag",
    "distribution_pubcampday_move",
)


def _add(row: str) -> str:
    """SQL adding publication `row` (NEW) to its day."""
    cols = ", ".join((*KEY, "published", *FIGURES))
    values = ", ".join((*(f"{row}.{k}" for k in KEY), "1", *(f"{row}.{f}" for f in FIGURES)))
    sets = ", ".join(
        ["published = {t}.published + 1"] + [f"{f} = {{t}}.{f} + excluded.{f}" for f in FIGURES]
    ).format(t=DAY)
    return (
        f"INSERT INTO {DAY} ({cols}) VALUES ({values}) "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {sets};"
    )


def _remove(row: str) -> str:
    """SQL taking publication `row` (OLD) off its day, and the day off once empty."""
    sets = ", ".join(["published = published - 1"] + [f"{f} = {f} - {row}.{f}" for f in FIGURES])
    where = " AND ".join(f"{k} = {row}.{k}" for k in KEY)
    return (
        f"UPDATE {DAY} SET {sets} WHERE {where}; "
        f"DELETE FROM {DAY} WHERE {where} AND published <= 0;"
    )


def _tag(publication_id: str, campaign: str, center: str, date: str) -> str:
    """SQL counting one publication once on each day of campaign `campaign` it is tagged."""
    return (
        f"INSERT INTO {CAMPAIGN_DAY} ({', '.join(CAMPAIGN_KEY)}, published) "
        f"SELECT {center}, {campaign}, {date}, 1 FROM {TAGS} t WHERE t.publication_id = "
        f"{publication_id} ON CONFLICT ({', '.join(CAMPAIGN_KEY)}) "
        f"DO UPDATE SET published = {CAMPAIGN_DAY}.published + 1;"
    )


def _untag(where: str) -> str:
    """SQL taking one off the campaign days matching `where`, and emptied days off."""
    return (
        f"UPDATE {CAMPAIGN_DAY} SET published = published - 1 WHERE {where}; "
        f"DELETE FROM {CAMPAIGN_DAY} WHERE {where} AND published <= 0;"
    )


def _tag_statements(new: str, old: str) -> dict[str, str]:
    """Tagging (`new` row of the tags table), untagging (`old`), and a publication moved
    to another center or day (`old`/`new` rows of the publication)."""
    of_publication = "(SELECT {c} FROM " + PUB + " p WHERE p.id = {row}.publication_id)"
    tag = (
        f"INSERT INTO {CAMPAIGN_DAY} ({', '.join(CAMPAIGN_KEY)}, published) "
        f"SELECT p.center_id, {new}.campaign_id, p.date, 1 FROM {PUB} p "
        f"WHERE p.id = {new}.publication_id ON CONFLICT ({', '.join(CAMPAIGN_KEY)}) "
        f"DO UPDATE SET published = {CAMPAIGN_DAY}.published + 1;"
    )
    untag = _untag(
        f"campaign_id = {old}.campaign_id "
        f"AND center_id = {of_publication.format(c='center_id', row=old)} "
        f"AND date = {of_publication.format(c='date', row=old)}"
    )
    move = _untag(
        f"center_id = {old}.center_id AND date = {old}.date AND campaign_id IN "
        f"(SELECT campaign_id FROM {TAGS} WHERE publication_id = {old}.id)"
    ) + _tag(f"{new}.id", "t.campaign_id", f"{new}.center_id", f"{new}.date")
    return {"tag": tag, "untag": untag, "move": move}


def _sqlite() -> list[str]:
    watched = ", ".join(("center_id", "channel_id", "date", *FIGURES))
    ins, dele, upd, tag, untag, move = TRIGGERS
    campaigns = _tag_statements("NEW", "OLD")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ins} AFTER INSERT ON {PUB} BEGIN {_add('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {dele} AFTER DELETE ON {PUB} BEGIN {_remove('OLD')} END",
        f"CREATE TRIGGER IF NOT EXISTS {upd} AFTER UPDATE OF {watched} ON {PUB} "
        f"BEGIN {_remove('OLD')} {_add('NEW')} END",
        f"CREATE TRIGGER IF NOT EXISTS {tag} AFTER INSERT ON {TAGS} BEGIN {campaigns['tag']} END",
        f"CREATE TRIGGER IF NOT EXISTS {untag} AFTER DELETE ON {TAGS} "
        f"BEGIN {campaigns['untag']} END",
        f"CREATE TRIGGER IF NOT EXISTS {move} AFTER UPDATE OF center_id, date ON {PUB} "
        "WHEN OLD.center_id IS NOT NEW.center_id OR OLD.date IS NOT NEW.date "
        f"BEGIN {campaigns['move']} END",
    ]


PG_FUNCTIONS = ("distribution_pubday_apply", "distribution_pubcampday_apply")


def _postgresql() -> list[str]:
    days, tags = PG_FUNCTIONS
    campaigns = _tag_statements("NEW", "OLD")
    moved = "OLD.center_id IS DISTINCT FROM NEW.center_id OR OLD.date IS DISTINCT FROM NEW.date"
    return [
        f"""CREATE OR REPLACE FUNCTION {days}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN {_remove("OLD")} END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {_add("NEW")} END IF;
            IF TG_OP = 'UPDATE' AND ({moved}) THEN {campaigns["move"]} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"""CREATE OR REPLACE FUNCTION {tags}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {campaigns["tag"]} END IF;
            IF TG_OP = 'DELETE' THEN {campaigns["untag"]} END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        f"DROP TRIGGER IF EXISTS {TRIGGERS[0]} ON {PUB}",
        f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT OR UPDATE OR DELETE ON {PUB} "
        f"FOR EACH ROW EXECUTE FUNCTION {days}()",
        f"DROP TRIGGER IF EXISTS {TRIGGERS[3]} ON {TAGS}",
        f"CREATE TRIGGER {TRIGGERS[3]} AFTER INSERT OR DELETE ON {TAGS} "
        f"FOR EACH ROW EXECUTE FUNCTION {tags}()",
    ]


def install(connection=default_connection) -> None:
    """Create the triggers where they are missing (idempotent)."""
    statements = {"sqlite": _sqlite, "postgresql": _postgresql}.get(connection.vendor)
    if statements is None:
        raise NotImplementedError(f"no publication rollup triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for sql in statements():
            cursor.execute(sql)


def uninstall(connection=default_connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS[0]} ON {PUB}")
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGERS[3]} ON {TAGS}")
            for function in PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {function}()")
        else:
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(connection=default_connection) -> None:
    """Recompute every row from the publications (for the migration, or a repair)."""
    cols = ", ".join((*KEY, "published", *FIGURES))
    sums = ", ".join(f"SUM({f})" for f in FIGURES)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DAY}")
        cursor.execute(
            f"INSERT INTO {DAY} ({cols}) SELECT {', '.join(KEY)}, COUNT(*), {sums} "
            f"FROM {PUB} GROUP BY {', '.join(KEY)}"
        )
        cursor.execute(f"DELETE FROM {CAMPAIGN_DAY}")
        cursor.execute(
            f"INSERT INTO {CAMPAIGN_DAY} ({', '.join(CAMPAIGN_KEY)}, published) "
            f"SELECT p.center_id, t.campaign_id, p.date, COUNT(*) FROM {PUB} p "
            f"JOIN {TAGS} t ON t.publication_id = p.id "
            "GROUP BY p.center_id, t.campaign_id, p.date"
        )


def differences() -> list[tuple]:
    """Days where the rollup and the publications disagree (empty when consistent).

    Each item is (center_id, channel_id, date, from publications, from the rollup),
    or ("campaign", center_id, campaign_id, date, …) for the campaign days; a check for
    tests and for a repair, reading every publication.
    """
    from .models import Publication, PublicationCampaignDay, PublicationDay

    fields = ("published", *FIGURES)
    actual = {
        (r["center_id"], r["channel_id"], r["date"]): tuple(r[f] for f in fields)
        for r in Publication.objects.order_by()
        .values(*KEY)
        .annotate(published=Count("*"), **{f: Sum(f) for f in FIGURES})
    }
    kept = {
        (r["center_id"], r["channel_id"], r["date"]): tuple(r[f] for f in fields)
        for r in PublicationDay.objects.values(*KEY, *fields)
    }
    tagged = {
        ("campaign", r["center_id"], r["campaigns"], r["date"]): (r["n"],)
        for r in Publication.objects.filter(campaigns__isnull=False)
        .order_by()
        .values("center_id", "campaigns", "date")
        .annotate(n=Count("*"))
    }
    actual.update(tagged)
    kept.update(
        {
            ("campaign", r["center_id"], r["campaign_id"], r["date"]): (r["published"],)
            for r in PublicationCampaignDay.objects.values(*CAMPAIGN_KEY, "published")
        }
    )
    return [
        (*key, actual.get(key), kept.get(key))
        for key in sorted(actual.keys() | kept.keys(), key=str)
        if actual.get(key) != kept.get(key)
    ]
