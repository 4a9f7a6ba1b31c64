"""Uploads are judged by their content, cheaply and before any real work: an image's
pixels from its header (each and all of one upload together), a video by probing its
streams. Refusals are in Chinese and store nothing."""

import io
import shutil
import subprocess

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from rongmei.core import uploads
from rongmei.outreach.evidence import validate_evidence
from rongmei.planning.models import Lead, LeadAttachment

pytestmark = pytest.mark.django_db

TEXT = "城东路口的红绿灯坏了三天，早晚高峰很堵。"
needs_ffprobe = pytest.mark.skipif(
    shutil.which("ffprobe") is None or shutil.which("ffmpeg") is None,
    reason="ffmpeg/ffprobe not installed (Debian package ffmpeg; .ci/run installs it)",
)


def _png(width: int, height: int) -> bytes:
    """One colour, so that even 40 megapixels compress to a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_png():
    """7000 × 5672: 39.7 megapixels, under Pillow's and the old tip cap (40 MP)."""
    return _png(7000, 5672)


@pytest.fixture(scope="module")
def twelve_mp_png():
    return _png(4000, 3000)


def _mp4(tmp_path, fmt="mp4") -> bytes:
    path = tmp_path / f"clip.{fmt}"
    command = [shutil.which("ffmpeg"), "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", "color=c=black:s=64x64:d=1", "-c:v", "mpeg4", "-f", fmt, str(path)]
    subprocess.run(command, check=True, timeout=60)
    return path.read_bytes()


@pytest.fixture
def home(center):
    home_page = apps.get_model("website", "HomePage")
    home = Page.get_first_root_node().add_child(
        instance=home_page(title=center.name, slug=f"home-{center.code}", center=center)
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    return home


def _tip(client, **files):
    return client.post("/tips/", {"content": TEXT, "contact": "13800000000", **files})


def _nothing_stored():
    assert Lead.objects.count() == 0
    assert LeadAttachment.objects.count() == 0


# -- images -----------------------------------------------------------------------------


def test_the_header_tells_the_size_without_decoding(bomb_png):
    assert len(bomb_png) < 64 * 1024
    header = uploads.image_header(bomb_png)
    assert (header.format, header.width, header.height) == ("PNG", 7000, 5672)
    assert header.pixels == 39_704_000


def test_a_tip_photo_of_39_7_megapixels_is_refused(client, home, bomb_png):
    response = _tip(client, images=[SimpleUploadedFile("a.png", bomb_png, "image/png")])
    assert response.status_code == 400
    assert "第1张图片尺寸过大（7000×5672，约39.7百万像素），上限为25.0百万像素" in response.text
    _nothing_stored()


def test_nine_photos_within_the_cap_each_but_not_together_are_refused(client, home, twelve_mp_png):
    images = [SimpleUploadedFile(f"{i}.png", twelve_mp_png, "image/png") for i in range(9)]
    response = _tip(client, images=images)
    assert response.status_code == 400
    assert "图片合计约108.0百万像素，超过一次上传100.0百万像素的上限" in response.text
    _nothing_stored()


def test_the_pixel_caps_are_settings(client, home, settings, twelve_mp_png):
    settings.RONGMEI_MAX_IMAGE_PIXELS = 10_000_000
    response = _tip(client, images=[SimpleUploadedFile("a.png", twelve_mp_png, "image/png")])
    assert "上限为10.0百万像素" in response.text
    settings.RONGMEI_MAX_IMAGE_PIXELS = 25_000_000
    assert _tip(client, images=[SimpleUploadedFile("a.png", _png(64, 48))]).status_code == 200


def test_pillow_refuses_what_is_far_over_the_cap():
    """Image.open itself refuses above twice the cap, for every other caller."""
    assert Image.MAX_IMAGE_PIXELS == 25_000_000
    with pytest.raises(ValidationError, match="图片尺寸过大"):
        uploads.image_header(_png(8000, 7000))


def test_wagtail_refuses_an_image_of_39_7_megapixels(client, center, bomb_png):
    admin = get_user_model().objects.create_superuser("img-admin", password="x")
    client.force_login(admin)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "大图",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("bomb.png", bomb_png, "image/png"),
        },
    )
    assert response.status_code == 200
    assert "图片像素过多（39704000 像素），上限为 25000000 像素" in response.text
    assert not get_image_model().objects.exists()


# -- videos -----------------------------------------------------------------------------


@needs_ffprobe
def test_a_real_mp4_is_kept_and_named_by_its_content(client, home, tmp_path):
    video = SimpleUploadedFile("现场.avi", _mp4(tmp_path), "video/x-msvideo")
    assert _tip(client, video=video).status_code == 200
    attachment = LeadAttachment.objects.get()
    assert attachment.kind == "video"
    assert attachment.file.name.endswith(".mp4")


@needs_ffprobe
def test_a_quicktime_file_is_stored_as_mov(client, home, tmp_path):
    video = SimpleUploadedFile("clip.mp4", _mp4(tmp_path, "mov"), "video/mp4")
    assert _tip(client, video=video).status_code == 200
    assert LeadAttachment.objects.get().file.name.endswith(".mov")


@needs_ffprobe
@pytest.mark.parametrize(
    "data",
    [
        pytest.param(_png(64, 48), id="png-named-mp4"),
        pytest.param(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, id="ftyp-then-nothing"),
        pytest.param(b"\x00\x00\x00\x14ftypqt  " + b"#EXTM3U\n" * 20, id="playlist-behind-ftyp"),
    ],
)
def test_what_is_not_a_real_video_is_refused(client, home, data):
    response = _tip(client, video=SimpleUploadedFile("clip.mp4", data, "video/mp4"))
    assert response.status_code == 400
    assert "视频文件无法识别，只支持MP4或MOV格式的视频。" in response.text
    _nothing_stored()


def test_without_ffprobe_no_video_is_taken(client, home, settings):
    settings.RONGMEI_FFPROBE = "/nonexistent/ffprobe"
    data = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
    response = _tip(client, video=SimpleUploadedFile("clip.mp4", data, "video/mp4"))
    assert response.status_code == 400
    assert "服务器未安装视频检查工具" in response.text
    _nothing_stored()


@needs_ffprobe
def test_adoption_evidence_clips_are_probed(tmp_path):
    validate_evidence(SimpleUploadedFile("刊播.mp4", _mp4(tmp_path), "video/mp4"))
    fake = SimpleUploadedFile("刊播.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
    with pytest.raises(ValidationError, match="视频文件无法识别"):
        validate_evidence(fake)


def test_adoption_evidence_screenshots_have_the_pixel_cap(bomb_png):
    with pytest.raises(ValidationError, match="图片尺寸过大"):
        validate_evidence(SimpleUploadedFile("头版.png", bomb_png, "image/png"))
