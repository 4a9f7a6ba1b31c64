"""Front-end libraries installed by npm (`package.json`), served as our own static files.

`VendorFinder` exposes a short list of built files from `node_modules/` under
`vendor/`, so `{% static "vendor/echarts/echarts.min.js" %}` works in development and
`collectstatic` copies just those files (not the whole 50 MB package) for production.
Nothing is ever loaded from a CDN. Enabled by listing it in `STATICFILES_FINDERS`.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# Served path prefix → (folder under node_modules, files of that folder).
VENDOR_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "vendor/echarts": ("echarts/dist", ("echarts.min.js",)),
}
ECHARTS = "vendor/echarts/echarts.min.js"


def node_modules() -> Path:
    return Path(getattr(settings, "RONGMEI_NODE_MODULES", settings.BASE_DIR / "node_modules"))


class VendorFinder(BaseFinder):
    """Finds the files listed in `VENDOR_FILES` in `node_modules/`, if npm installed them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages: dict[str, FileSystemStorage] = {}
        for prefix, (folder, _files) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=node_modules() / folder)
            storage.prefix = prefix
            self.storages[prefix] = storage

    def check(self, **kwargs):
        return []  # without npm the pages still work, showing tables only

    def _match(self, path: str) -> tuple[str, str] | None:
        prefix, _, name = path.rpartition("/")
        if prefix in VENDOR_FILES and name in VENDOR_FILES[prefix][1]:
            return prefix, name
        return None

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        match = self._match(path)
        if match is not None:
            storage = self.storages[match[0]]
            if storage.exists(match[1]):
                found = storage.path(match[1])
                return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns):
        for prefix, (_folder, files) in VENDOR_FILES.items():
            storage = self.storages[prefix]
            for name in files:
                if storage.exists(name):
                    yield name, storage
