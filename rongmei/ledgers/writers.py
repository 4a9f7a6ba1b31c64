"""How each sheet is written: through the services of the app that owns its records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rongmei.broadcast_safety.services import broadcast_incident_create, broadcast_incident_update
from rongmei.distribution.models import Origin
from rongmei.distribution.services import (
    audience_record,
    channel_create,
    channel_update,
    publication_create,
    publication_update,
)
from rongmei.exposure.services import (
    exposure_case_create,
    exposure_case_record_status,
    exposure_case_update,
)
from rongmei.integrity.services import integrity_record_create, integrity_record_update
from rongmei.newsroom.services import column_create, column_update
from rongmei.notices.services import notice_create, notice_update
from rongmei.outreach.services import (
    adoption_create,
    adoption_update,
    outlet_create,
    outlet_update,
)
from rongmei.party.services import party_activity_create, party_activity_update
from rongmei.programmes.services import (
    episode_record,
    live_stream_create,
    live_stream_update,
    production_create,
    production_update,
)
from rongmei.training.services import training_event_create, training_event_update

if TYPE_CHECKING:
    from .services import Importer


@dataclass(frozen=True)
class Writer:
    create: Callable[[Importer, dict[str, Any]], Any]
    update: Callable[[Importer, Any, dict[str, Any]], Any]


def _kw(imp: Importer) -> dict[str, Any]:
    return {"by": imp.by, "audit": False}


def _split_campaigns(values: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    values = dict(values)
    return values, values.pop("campaigns", None)


def _create_with_campaigns(service: Callable[..., Any], **extra: Any):
    def create(imp: Importer, values: dict[str, Any]) -> Any:
        values, campaigns = _split_campaigns(values)
        return service(center=imp.center, campaigns=campaigns or (), **extra, **values, **_kw(imp))

    return create


def _update_with_campaigns(service: Callable[..., Any], argument: str):
    def update(imp: Importer, obj: Any, changes: dict[str, Any]) -> Any:
        changes, campaigns = _split_campaigns(changes)
        return service(**{argument: obj}, campaigns=campaigns, **changes, **_kw(imp))

    return update


def _create(service: Callable[..., Any]):
    def create(imp: Importer, values: dict[str, Any]) -> Any:
        return service(center=imp.center, **values, **_kw(imp))

    return create


def _update(service: Callable[..., Any], argument: str):
    def update(imp: Importer, obj: Any, changes: dict[str, Any]) -> Any:
        return service(**{argument: obj}, **changes, **_kw(imp))

    return update


def _audience(imp: Importer, values: dict[str, Any]) -> Any:
    return audience_record(center=imp.center, **values, **_kw(imp))


def _audience_update(imp: Importer, obj: Any, changes: dict[str, Any]) -> Any:
    return audience_record(
        center=imp.center, channel=obj.channel, date=obj.date, **changes, **_kw(imp)
    )


def _episode(imp: Importer, values: dict[str, Any]) -> Any:
    return episode_record(center=imp.center, **values, **_kw(imp))


def _episode_update(imp: Importer, obj: Any, changes: dict[str, Any]) -> Any:
    return episode_record(
        center=imp.center,
        programme=obj.programme,
        date=obj.date,
        items=changes.get("items", obj.items),
        duration_minutes=changes.get("duration_minutes"),
        channel=changes.get("channel"),
        **_kw(imp),
    )


def _exposure_update(imp: Importer, obj: Any, changes: dict[str, Any]) -> Any:
    changes = dict(changes)
    status = changes.pop("status", None)
    if changes:
        exposure_case_update(case=obj, **changes, **_kw(imp))
    if status is not None:
        exposure_case_record_status(case=obj, status=status, **_kw(imp))
    return obj


WRITERS: dict[str, Writer] = {
    "outlets": Writer(_create(outlet_create), _update(outlet_update, "outlet")),
    "channels": Writer(_create(channel_create), _update(channel_update, "channel")),
    "columns": Writer(_create(column_create), _update(column_update, "column")),
    "adoptions": Writer(
        _create_with_campaigns(adoption_create), _update_with_campaigns(adoption_update, "adoption")
    ),
    "publications": Writer(
        _create_with_campaigns(publication_create, origin=Origin.IMPORTED),
        _update_with_campaigns(publication_update, "publication"),
    ),
    "episodes": Writer(_episode, _episode_update),
    "live_streams": Writer(
        _create_with_campaigns(live_stream_create),
        _update_with_campaigns(live_stream_update, "live_stream"),
    ),
    "productions": Writer(
        _create_with_campaigns(production_create),
        _update_with_campaigns(production_update, "production"),
    ),
    "audience": Writer(_audience, _audience_update),
    "party_activities": Writer(
        _create(party_activity_create), _update(party_activity_update, "activity")
    ),
    "integrity_records": Writer(
        _create(integrity_record_create), _update(integrity_record_update, "record")
    ),
    "exposures": Writer(_create(exposure_case_create), _exposure_update),
    "notices": Writer(_create(notice_create), _update(notice_update, "notice")),
    "broadcast_incidents": Writer(
        _create(broadcast_incident_create), _update(broadcast_incident_update, "incident")
    ),
    "trainings": Writer(_create(training_event_create), _update(training_event_update, "event")),
}
