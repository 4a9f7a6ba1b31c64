"""Uploads are scanned for malicious code where a scanner is installed (GB/T 22239-2019
8.1.4.5 恶意代码防范).

The scanner is ClamAV's daemon, spoken to over its documented `INSTREAM` protocol
(a 4-byte big-endian length before each chunk, a zero length at the end; the answer
`stream: OK` or `stream: <signature> FOUND`). Written here rather than with the `clamd`
package, whose last release is from 2014; the protocol is a dozen lines.

`RONGMEI_VIRUS_SCAN`:
- `auto` (default): scan when clamd's socket (`RONGMEI_CLAMD_ADDRESS`) exists, else skip;
- `clamd`: always scan; an upload is refused while the scanner cannot be reached;
- `off`: never scan.

`RONGMEI_CLAMD_ADDRESS` is a Unix socket path (Debian's `/run/clamav/clamd.ctl`, the
default) or `host:port`.
"""

from __future__ import annotations

import os
import socket
import struct
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_ADDRESS = "/run/clamav/clamd.ctl"
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class ScannerUnavailableError(Exception):
    pass


def _address() -> str:
    return getattr(settings, "RONGMEI_CLAMD_ADDRESS", "") or DEFAULT_ADDRESS


def _mode() -> str:
    return getattr(settings, "RONGMEI_VIRUS_SCAN", "auto")


def _connect(address: str) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = address
    else:
        host, _, port = address.rpartition(":")
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        target = (host.strip("[]"), int(port))
    sock.settimeout(TIMEOUT_SECONDS)
    try:
        sock.connect(target)
    except OSError as exc:
        sock.close()
        raise ScannerUnavailableError(str(exc)) from exc
    return sock


def _chunks(data: bytes | IO[bytes]):
    if isinstance(data, (bytes, bytearray, memoryview)):
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start : start + CHUNK])
        return
    position = data.tell() if hasattr(data, "tell") else None
    if hasattr(data, "seek"):
        data.seek(0)
    try:
        while chunk := data.read(CHUNK):
            yield chunk
    finally:
        if position is not None:
            data.seek(position)


def clamd_scan(data: bytes | IO[bytes], address: str | None = None) -> str | None:
    """The signature clamd found in `data`, or None when it is clean."""
    sock = _connect(address or _address())
    try:
        sock.sendall(b"zINSTREAM\0")
        for chunk in _chunks(data):
            sock.sendall(struct.pack(">I", len(chunk)) + chunk)
        sock.sendall(struct.pack(">I", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            part = sock.recv(4096)
            if not part:
                break
            answer += part
    except OSError as exc:
        raise ScannerUnavailableError(str(exc)) from exc
    finally:
        sock.close()
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    _, _, verdict = text.partition(": ")
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict[: -len(" FOUND")]
    raise ScannerUnavailableError(text or "no answer")


def scanner_enabled() -> bool:
    mode = _mode()
    if mode == "off":
        return False
    if mode == "auto":
        address = _address()
        return not address.startswith("/") or os.path.exists(address)
    return True


def scan_upload(data: bytes | IO[bytes], *, label: str = "") -> None:
    """Refuse an upload in which the scanner finds malicious code (or, with the scanner
    required, while it cannot be reached); nothing is stored then."""
    if not scanner_enabled():
        return
    try:
        found = clamd_scan(data)
    except ScannerUnavailableError as exc:
        raise ValidationError(
            _("病毒扫描服务暂时不可用，文件未能上传，请稍后再试。"), code="virus_unchecked"
        ) from exc
    if found:
        raise ValidationError(
            _("%(label)s文件未通过病毒检查（%(name)s），已拒绝。")
            % {"label": label, "name": found},
            code="virus",
        )
