"""Checking uploaded images and videos by their content, cheaply, before any real work.

- Images: the size an image declares in its header is read without decoding it
  (`image_header`); an image over `RONGMEI_MAX_IMAGE_PIXELS` (25 megapixels by default)
  is refused, and so is a set of images that together exceeds
  `RONGMEI_MAX_REQUEST_IMAGE_PIXELS` (`check_image_headers`), so that many small files
  declaring huge sizes cannot keep a worker decoding. Pillow's own bomb guard
  (`Image.MAX_IMAGE_PIXELS`) is set to the same cap when the app starts
  (`install_image_limits`), for every other place that opens an image (Wagtail's
  renditions included).
- Videos: the container is decided by probing the file's streams with ffprobe, with the
  MP4/QuickTime demuxer forced (ffprobe never picks a demuxer by itself, so a playlist or
  another format cannot make it open other files); a file without a video stream, or
  that ffprobe cannot read, is refused. The file's name is never asked: the extension a
  stored video gets comes from its content (`VideoProbe.extension`). Without ffprobe
  every video is refused (`RONGMEI_FFPROBE`, default `ffprobe` on the PATH).

Errors are `ValidationError`s with a Chinese message, as they are shown to the person
who uploaded.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_IMAGE_PIXELS = 25_000_000
DEFAULT_MAX_REQUEST_IMAGE_PIXELS = 100_000_000
DEFAULT_FFPROBE_SECONDS = 15
# Major brands of the ISO base media file format that are QuickTime rather than MP4.
QUICKTIME_BRANDS = {b"qt  "}
VIDEO_CODEC_TYPES = {"video"}


def max_image_pixels() -> int:
    return int(getattr(settings, "RONGMEI_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS))


def max_request_image_pixels() -> int:
    return int(
        getattr(settings, "RONGMEI_MAX_REQUEST_IMAGE_PIXELS", DEFAULT_MAX_REQUEST_IMAGE_PIXELS)
    )


def install_image_limits() -> None:
    """Pillow warns above `MAX_IMAGE_PIXELS` and refuses above twice that."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_image_pixels()


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}"


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height


def _too_large(label: str, limit: int) -> ValidationError:
    return ValidationError(
        _("%(label)s图片尺寸过大，上限为%(limit)s百万像素，请缩小后再传。")
        % {"label": label, "limit": _megapixels(limit)},
        code="image_pixels",
    )


def image_header(data: bytes | IO[bytes], *, label: str = "") -> ImageHeader | None:
    """Format and declared size of an image, read from its header only; None when the
    bytes are not an image Pillow knows. An image so large that Pillow refuses even to
    open it (over twice the cap) is refused here."""
    from PIL import Image, UnidentifiedImageError

    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    position = stream.tell()
    try:
        # Image.open reads the header; the pixels are decoded only by load().
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(stream) as probe:
                return ImageHeader(probe.format or "", probe.width, probe.height)
    except Image.DecompressionBombError as exc:
        raise _too_large(label, max_image_pixels()) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        stream.seek(position)


def check_image_header(header: ImageHeader, *, label: str = "") -> None:
    limit = max_image_pixels()
    if header.pixels > limit:
        raise ValidationError(
            _(
                "%(label)s图片尺寸过大（%(width)d×%(height)d，约%(mp)s百万像素），"
                "上限为%(limit)s百万像素，请缩小后再传。"
            )
            % {
                "label": label,
                "width": header.width,
                "height": header.height,
                "mp": _megapixels(header.pixels),
                "limit": _megapixels(limit),
            },
            code="image_pixels",
        )


def check_image_headers(headers: Sequence[tuple[str, ImageHeader]]) -> None:
    """Each image within the pixel cap, and all of them together within the request's."""
    for label, header in headers:
        check_image_header(header, label=label)
    total = sum(h.pixels for _label, h in headers)
    limit = max_request_image_pixels()
    if total > limit:
        raise ValidationError(
            _("图片合计约%(mp)s百万像素，超过一次上传%(limit)s百万像素的上限，请分批或缩小后再传。")
            % {"mp": _megapixels(total), "limit": _megapixels(limit)},
            code="image_total_pixels",
        )


# -- videos -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoProbe:
    container: str  # "mp4" or "mov"
    duration: float | None
    width: int | None
    height: int | None
    codecs: tuple[str, ...]

    @property
    def extension(self) -> str:
        return "." + self.container

    @property
    def content_type(self) -> str:
        return "video/quicktime" if self.container == "mov" else "video/mp4"


def ffprobe_path() -> str | None:
    return shutil.which(getattr(settings, "RONGMEI_FFPROBE", "ffprobe"))


def _not_a_video() -> ValidationError:
    return ValidationError(_("视频文件无法识别：请上传真实的 MP4 或 MOV 视频。"), code="video_type")


def _run_ffprobe(path: str) -> dict[str, Any]:
    program = ffprobe_path()
    if program is None:
        raise ValidationError(
            _("服务器未安装视频检查工具（ffprobe），暂时不能接收视频，请联系管理员。"),
            code="video_unchecked",
        )
    seconds = float(getattr(settings, "RONGMEI_FFPROBE_SECONDS", DEFAULT_FFPROBE_SECONDS))
    command = [
        program,
        "-v",
        "error",
        "-f",
        "mov",  # MP4, MOV and M4V; never a demuxer ffprobe guesses from the content
        "-protocol_whitelist",
        "file",
        "-show_entries",
        "format=format_name,duration:stream=codec_type,codec_name,width,height",
        "-of",
        "json",
        path,
    ]
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            command, capture_output=True, timeout=seconds, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise _not_a_video() from exc
    if done.returncode != 0:
        raise _not_a_video()
    try:
        return json.loads(done.stdout or b"{}")
    except ValueError as exc:
        raise _not_a_video() from exc


def _brand(head: bytes) -> bytes | None:
    """The major brand of an ISO media file ("isom", "mp42", "qt  "…), or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return head[8:12]
    return None


def probe_video(file: IO[bytes] | bytes) -> VideoProbe:
    """What the file is, by its content; refuses anything that is not an MP4/MOV video."""
    if isinstance(file, bytes):
        file = io.BytesIO(file)
    file.seek(0)
    head = file.read(12)
    brand = _brand(head)
    if brand is None:
        raise _not_a_video()
    path = getattr(file, "temporary_file_path", None)
    if callable(path):
        info = _run_ffprobe(path())
    else:
        file.seek(0)
        with tempfile.NamedTemporaryFile(suffix=".media") as copy:
            shutil.copyfileobj(file, copy)
            copy.flush()
            info = _run_ffprobe(copy.name)
    file.seek(0)
    streams = info.get("streams") or []
    video = [s for s in streams if s.get("codec_type") in VIDEO_CODEC_TYPES]
    if not video:
        raise _not_a_video()
    try:
        duration = float(info.get("format", {}).get("duration"))
    except (TypeError, ValueError):
        duration = None
    return VideoProbe(
        container="mov" if brand in QUICKTIME_BRANDS else "mp4",
        duration=duration,
        width=video[0].get("width"),
        height=video[0].get("height"),
        codecs=tuple(str(s.get("codec_name", "")) for s in streams),
    )
