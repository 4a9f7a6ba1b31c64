"""Public tip-offs (爆料): checked in full before anything is stored, then filed as a lead.

Images are decoded and re-encoded, which drops EXIF (GPS included) and anything hidden
after the image data; their declared sizes are checked from the headers first
(`core.uploads`: per image and for the whole tip), so that no worker decodes a bomb.
Videos are checked for size and by probing their streams (ffprobe); the stored name's
extension comes from the content, never from the uploaded name.
"""

from __future__ import annotations

import html
import io
import ipaddress
from dataclasses import dataclass

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from PIL import Image, ImageOps, UnidentifiedImageError

from rongmei.core.antivirus import scan_upload
from rongmei.core.audit import audit_create
from rongmei.core.models import Center
from rongmei.core.uploads import ImageHeader, check_image_headers, image_header, probe_video

from .choices import AttachmentKind, LeadSource
from .models import Lead, LeadAttachment

MAX_IMAGES = 9
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_SIDE = 4096
MAX_VIDEO_BYTES = 50 * 1024 * 1024
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP"}
MIN_TEXT, MAX_TEXT = 10, 5000
# Accepted tips per address, as django-ratelimit writes a rate ("5/h"): setting
# RONGMEI_TIP_RATE. IPv6 addresses count per /64, the block one subscriber gets.
TIP_RATE = "5/h"
IPV6_PREFIX = 64


@dataclass
class _File:
    kind: str
    name: str
    data: bytes


def _rate_key(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False).network_address)
    return str(ip)


def _rate_limited(*, center: Center, address: str, count: bool) -> bool:
    """Whether `address` has used up its tips at `center`; `count` takes one of them.

    Counting is the cache's atomic add/incr (django-ratelimit), so of simultaneous sends
    exactly the allowed number get through.
    """
    usage = get_usage(
        None,
        group=f"rongmei.planning.tips:{center.pk}",
        key=lambda _group, _request: _rate_key(address),
        rate=getattr(settings, "RONGMEI_TIP_RATE", TIP_RATE),
        increment=count,
    )
    return usage is not None and usage["should_limit"]


def plain_text(value: str) -> str:
    """Any markup removed: the tip is kept as plain text and escaped when shown."""
    return html.unescape(nh3.clean(value, tags=set())).strip()


def _image_raw(upload: UploadedFile, index: int) -> tuple[bytes, ImageHeader]:
    """The bytes of an image and its header, checked without decoding any pixel."""
    if upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("第%(n)d张图片超过10MB，请压缩后再传。") % {"n": index}, code="image_size"
        )
    raw = upload.read()
    scan_upload(raw, label=_("第%(n)d张图片") % {"n": index})
    header = image_header(raw, label=_("第%(n)d张") % {"n": index})
    if header is None:
        raise ValidationError(
            _("第%(n)d个文件不是有效的图片。") % {"n": index}, code="image_invalid"
        )
    if header.format not in IMAGE_FORMATS:
        raise ValidationError(
            _("第%(n)d张图片格式不支持，请上传JPG、PNG、WEBP或GIF图片。") % {"n": index},
            code="image_type",
        )
    return raw, header


def _image(raw: bytes, index: int) -> _File:
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(raw)) as img:
            # A JPEG is decoded at the smallest scale that still covers the kept size.
            img.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            img = ImageOps.exif_transpose(img)
            img = img.convert("RGB")
            img.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("第%(n)d个文件不是有效的图片。") % {"n": index}, code="image_invalid"
        ) from exc
    return _File(AttachmentKind.IMAGE, f"tip-{index}.jpg", out.getvalue())


def _images(uploads: list[UploadedFile]) -> list[_File]:
    """Every image's header is checked (pixels each and together, `core.uploads`) before
    the first one is decoded."""
    raws = [_image_raw(upload, i) for i, upload in enumerate(uploads, start=1)]
    check_image_headers(
        [(_("第%(n)d张") % {"n": i}, header) for i, (_raw, header) in enumerate(raws, start=1)]
    )
    return [_image(raw, i) for i, (raw, _header) in enumerate(raws, start=1)]


def _video(upload: UploadedFile) -> _File:
    """A video is what its streams show (ffprobe), whatever its name says."""
    if upload.size > MAX_VIDEO_BYTES:
        raise ValidationError(_("视频超过50MB，请剪短或压缩后再传。"), code="video_size")
    scan_upload(upload, label=_("视频"))
    try:
        probe = probe_video(upload)
    except ValidationError as exc:
        if exc.code == "video_unchecked":
            raise
        raise ValidationError(
            _("视频文件无法识别，只支持MP4或MOV格式的视频。"), code="video_type"
        ) from exc
    upload.seek(0)
    return _File(AttachmentKind.VIDEO, "tip-video" + probe.extension, upload.read())


def tip_submit(
    *,
    center: Center,
    content: str,
    contact: str,
    images: list[UploadedFile] | None = None,
    video: UploadedFile | None = None,
    address: str = "",
) -> Lead:
    """File a public tip as a lead of `center`. A refused tip raises and stores nothing."""
    images = images or []
    if _rate_limited(center=center, address=address, count=False):
        raise ValidationError(_("提交过于频繁，请一小时后再试。"), code="rate")
    text = plain_text(content)
    if len(text) < MIN_TEXT:
        raise ValidationError(_("请把线索写清楚，至少10个字。"), code="short")
    if len(text) > MAX_TEXT:
        raise ValidationError(_("内容过长，请控制在5000字以内。"), code="long")
    contact = plain_text(contact)
    if not contact:
        raise ValidationError(_("请留下联系方式，便于记者核实。"), code="contact")
    if len(contact) > 100:
        raise ValidationError(_("联系方式过长。"), code="contact")
    if len(images) > MAX_IMAGES:
        raise ValidationError(_("最多上传9张图片。"), code="image_count")
    if images and video is not None:
        raise ValidationError(_("图片和视频请二选一。"), code="mixed")
    files = _images(images)
    if video is not None:
        files.append(_video(video))
    # Taken only by a tip that is about to be stored, so a mistake in the form costs none.
    if _rate_limited(center=center, address=address, count=True):
        raise ValidationError(_("提交过于频繁，请一小时后再试。"), code="rate")
    with transaction.atomic():
        first_line = text.splitlines()[0]
        lead = Lead(
            center=center,
            title=first_line[:30] + ("…" if len(first_line) > 30 else ""),
            content=text,
            source=LeadSource.PUBLIC,
            contact=contact,
        )
        lead.full_clean()
        lead.save()
        for f in files:
            attachment = LeadAttachment(center=center, lead=lead, kind=f.kind, size=len(f.data))
            attachment.file.save(f.name, ContentFile(f.data), save=False)
            attachment.save()
        audit_create(by=None, obj=lead, verb=_("群众爆料"))
    return lead
