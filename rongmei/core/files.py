"""Stored files follow their rows: removed when the row is deleted, orphans found nightly.

A service that deletes a record with files calls `delete_files_on_commit` with them
before deleting: the files go once the transaction has committed, never for a deletion
that was rolled back. `find_orphan_files` lists (and with `remove=True` deletes) files in
the storages of the project's file fields that no row references any more.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def delete_files_on_commit(files: Iterable[FieldFile]) -> None:
    """Delete these stored files after the current transaction commits."""
    stored = [(f.storage, f.name) for f in files if f and f.name]

    def remove() -> None:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.warning("could not delete %s", name, exc_info=True)

    if stored:
        transaction.on_commit(remove)


def files_of(obj: models.Model) -> list[FieldFile]:
    """The files of `obj`'s own file fields (not of related rows)."""
    return [
        getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(obj, f.attname)
    ]


@dataclass
class OrphanReport:
    orphans: list[str] = field(default_factory=list)  # "<storage>:<name>"
    removed: int = 0
    scanned: int = 0


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                yield model, f


def _storage_alias(storage: Storage) -> str:
    from django.core.files.storage import storages

    for alias in settings.STORAGES:
        if alias == "staticfiles":
            continue
        if storages[alias] is storage:
            return alias
    return "default"


def _walk(storage: Storage, path: str) -> Iterator[str]:
    try:
        dirs, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for d in dirs:
        yield from _walk(storage, f"{path}/{d}" if path else d)


def _top(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else ""


def find_orphan_files(*, remove: bool = False, min_age_hours: int | None = None) -> OrphanReport:
    """Files under the folders our file fields upload to that no row references.

    Only the top-level folders that file fields use (as their stored names show, or as
    a fixed `upload_to` names them) are looked at, so nothing else kept in a storage is
    touched; files younger than `RONGMEI_ORPHAN_MIN_AGE_HOURS` are left (their row may
    not be committed yet). Removing is audited (one entry naming the files).
    """
    if min_age_hours is None:
        min_age_hours = settings.RONGMEI_ORPHAN_MIN_AGE_HOURS
    referenced: dict[str, set[str]] = defaultdict(set)
    folders: dict[str, set[str]] = defaultdict(set)
    storages_by_alias: dict[str, Storage] = {}
    for model, f in _file_fields():
        alias = _storage_alias(f.storage)
        storages_by_alias[alias] = f.storage
        if isinstance(f.upload_to, str) and f.upload_to:
            folders[alias].add(f.upload_to.split("/", 1)[0])
        names = (
            model._base_manager.exclude(**{f.attname: ""})
            .exclude(**{f"{f.attname}__isnull": True})
            .values_list(f.attname, flat=True)
        )
        for name in names.iterator(chunk_size=2000):
            referenced[alias].add(name)
            if _top(name):
                folders[alias].add(_top(name))
    cutoff = timezone.now() - dt.timedelta(hours=min_age_hours)
    report = OrphanReport()
    for alias, storage in sorted(storages_by_alias.items()):
        for folder in sorted(folders[alias]):
            if "%" in folder:
                continue
            for name in _walk(storage, folder):
                report.scanned += 1
                if name in referenced[alias]:
                    continue
                try:
                    if min_age_hours and storage.get_modified_time(name) > cutoff:
                        continue
                except (NotImplementedError, OSError):
                    continue
                report.orphans.append(f"{alias}:{name}")
                if remove:
                    storage.delete(name)
                    report.removed += 1
    if report.removed:
        from .audit import audit_record
        from .models import AuditAction

        audit_record(
            action=AuditAction.DELETE,
            verb=_("删除无记录引用的文件"),
            changes={"files": report.orphans[:200], "removed": report.removed},
            actor_name="system",
        )
    elif report.orphans:
        logger.warning("%d orphan files: %s", len(report.orphans), report.orphans[:20])
    return report
