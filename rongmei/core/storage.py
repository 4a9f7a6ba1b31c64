"""Storage for files the public must never reach by URL (tip-off photos, evidence).

Files go to `STORAGES["private"]`, outside MEDIA_ROOT, and are served only by views that
check the user's center first.
"""

from django.core.files.storage import storages


def private_storage():
    """Callable for `FileField(storage=...)`, so migrations do not depend on settings."""
    return storages["private"]
