"""The center a permission check is made in.

A role counts only in the center where it is held. In a request that is the current
center (the switcher's choice); a command, task or API route acting for a user in a
named center says so with `acting_in(center)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .context import current_request
from .models import Center

_acting_center: ContextVar[int | None] = ContextVar("rongmei_acting_center", default=None)


@contextmanager
def acting_in(center: Center | int | None) -> Iterator[None]:
    """Within the block, permissions are those of the roles held in `center`."""
    center_id = center.pk if isinstance(center, Center) else center
    token = _acting_center.set(center_id)
    try:
        yield
    finally:
        _acting_center.reset(token)


def acting_center_id() -> int | None:
    """The center permission checks are made in now, or None where there is none."""
    center_id = _acting_center.get()
    if center_id is not None:
        return center_id
    request = current_request.get()
    if request is None or getattr(request, "user", None) is None:
        return None
    from .middleware import current_center

    center = current_center(request)
    return center.pk if center is not None else None
