"""Evidence of an adoption (采用凭证): a screenshot, a PDF page or a short video clip.

The type is decided by the file's content, not by its name (first bytes; a clip's streams
probed by ffprobe, a screenshot's pixels read from its header), and each type has its
own size limit; errors are in Chinese because they are shown to staff as they are.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rongmei.core.antivirus import scan_upload
from rongmei.core.uploads import check_image_header, image_header, probe_video

MB = 1024 * 1024


@dataclass(frozen=True)
class EvidenceKind:
    code: str
    label: str
    extensions: tuple[str, ...]
    max_bytes: int
    content_type: str


KINDS = (
    EvidenceKind("png", "PNG", ("png",), 10 * MB, "image/png"),
    EvidenceKind("jpeg", "JPG", ("jpg", "jpeg"), 10 * MB, "image/jpeg"),
    EvidenceKind("webp", "WebP", ("webp",), 10 * MB, "image/webp"),
    EvidenceKind("pdf", "PDF", ("pdf",), 20 * MB, "application/pdf"),
    EvidenceKind("mp4", "MP4", ("mp4", "m4v", "mov"), 200 * MB, "video/mp4"),
)
KINDS_BY_EXTENSION = {ext: k for k in KINDS for ext in k.extensions}
ACCEPT = ",".join(f".{ext}" for k in KINDS for ext in k.extensions)


def sniff(head: bytes) -> str | None:
    """The evidence kind the first bytes of a file show, or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        return "mp4"
    return None


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def validate_evidence(file) -> None:
    """Refuse files that are not a screenshot, PDF or video clip, or that are too large."""
    kind = KINDS_BY_EXTENSION.get(_extension(file.name or ""))
    if kind is None:
        raise ValidationError(
            _("采用凭证只能是截图（PNG、JPG、WebP）、PDF 或视频片段（MP4、MOV）。"),
            code="evidence_type",
        )
    if not getattr(file, "_committed", False):
        # A new upload: read its first bytes; stored files were checked when uploaded.
        position = file.tell() if hasattr(file, "tell") else 0
        file.seek(0)
        head = file.read(16)
        file.seek(position)
        if sniff(head) != kind.code:
            raise ValidationError(
                _("文件内容与扩展名不符：请上传真实的截图、PDF 或视频文件。"),
                code="evidence_content",
            )
        _check_content(file, kind)
    if file.size is not None and file.size > kind.max_bytes:
        raise ValidationError(
            _("%(kind)s 文件不能超过 %(limit)d MB（当前 %(size).1f MB）。"),
            code="evidence_size",
            params={"kind": kind.label, "limit": kind.max_bytes // MB, "size": file.size / MB},
        )


def _check_content(file, kind: EvidenceKind) -> None:
    """A clip must be a real video (its streams probed, `core.uploads`); a screenshot
    must declare no more pixels than the cap, read from its header."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        scan_upload(file, label=kind.label)
        if kind.code == "mp4":
            probe_video(file)
        elif kind.code in ("png", "jpeg", "webp"):
            file.seek(0)
            header = image_header(io.BytesIO(file.read(kind.max_bytes + 1)))
            if header is None:
                raise ValidationError(
                    _("文件内容与扩展名不符：请上传真实的截图、PDF 或视频文件。"),
                    code="evidence_content",
                )
            check_image_header(header)
    finally:
        file.seek(position)


def evidence_upload_to(instance, filename: str) -> str:
    """Unguessable names: evidence is served only through the tenancy-checked view."""
    ext = _extension(filename) or "bin"
    return f"outreach/evidence/{uuid.uuid4().hex}.{ext}"


def evidence_content_type(name: str) -> str:
    kind = KINDS_BY_EXTENSION.get(_extension(name))
    return kind.content_type if kind else "application/octet-stream"
