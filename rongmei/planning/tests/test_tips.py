"""Public tip-offs: a valid tip becomes a lead; each refusal says why in Chinese and stores nothing."""

import io
import shutil
import subprocess
import threading

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Page, Site

from rongmei.core.models import AuditEntry
from rongmei.planning import tips
from rongmei.planning.choices import LeadSource
from rongmei.planning.models import Lead, LeadAttachment

pytestmark = pytest.mark.django_db
TEXT = "城东路口的红绿灯坏了三天，早晚高峰很堵。"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(center):
    """The public site of `center` (its model reached by label: planning sits below website)."""
    home_page = apps.get_model("website", "HomePage")
    home = Page.get_first_root_node().add_child(
        instance=home_page(title=center.name, slug=f"home-{center.code}", center=center)
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "testserver", "root_page": home}
    )
    return home


def _jpeg_with_gps(name="photo.jpg"):
    img = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 1.0, 2.0)}  # GPS IFD
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _post(client, **extra):
    data = {"content": TEXT, "contact": "13800000000", **extra}
    return client.post("/tips/", data)


def _send(client, remote, forwarded):
    """A valid tip from the peer `remote` with the header X-Forwarded-For: `forwarded`."""
    data = {"content": TEXT, "contact": "13800000000"}
    return client.post("/tips/", data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


def test_tip_becomes_a_public_lead_with_clean_images(client, home):
    response = _post(client, images=[_jpeg_with_gps(), _jpeg_with_gps("b.jpg")])
    assert response.status_code == 200
    assert "已收到您的爆料" in response.text
    lead = Lead.objects.get()
    assert (lead.source, lead.contact, lead.center) == (
        LeadSource.PUBLIC,
        "13800000000",
        home.center,
    )
    assert lead.attachments.count() == 2
    for attachment in lead.attachments.all():
        with attachment.file.open("rb") as fh, Image.open(fh) as img:
            assert img.format == "JPEG"
            assert not img.getexif()


def test_html_is_stripped(client, home):
    _post(client, content="<script>alert(1)</script><b>城东路口</b>的红绿灯坏了三天了")
    lead = Lead.objects.get()
    assert "<" not in lead.content
    assert "城东路口的红绿灯坏了三天了" in lead.content


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"content": "太短"}, "至少10个字"),
        ({"contact": "  "}, "请留下联系方式"),
        (
            {"images": [SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")]},
            "不是有效的图片",
        ),
        ({"video": SimpleUploadedFile("x.avi", b"RIFF....AVI ", "video/avi")}, "只支持MP4或MOV"),
        (
            {"video": SimpleUploadedFile("x.mp4", b"\x00\x00\x00\x18abcdefgh", "video/mp4")},
            "无法识别",
        ),
    ],
)
def test_refused_tip_says_why_and_stores_nothing(client, home, extra, message):
    response = _post(client, **extra)
    assert response.status_code == 400
    assert message in response.text
    assert Lead.objects.count() == 0
    assert LeadAttachment.objects.count() == 0


def test_more_than_nine_images_are_refused(client, home):
    response = _post(client, images=[_jpeg_with_gps(f"{i}.jpg") for i in range(10)])
    assert response.status_code == 400
    assert "最多上传9张图片" in response.text
    assert Lead.objects.count() == 0


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")
def test_valid_mp4_is_kept(client, home, tmp_path):
    """A real video (made by ffmpeg): a file that only starts like one is refused
    (tests/test_hostile_uploads.py)."""
    path = tmp_path / "clip.mp4"
    command = [shutil.which("ffmpeg"), "-v", "error", "-f", "lavfi"]
    subprocess.run([*command, "-i", "color=s=64x64:d=1", "-c:v", "mpeg4", str(path)], check=True)
    video = SimpleUploadedFile("clip.mp4", path.read_bytes(), "video/mp4")
    assert _post(client, video=video).status_code == 200
    assert Lead.objects.get().attachments.get().kind == "video"


def test_rate_limit_per_address(client, home):
    for _ in range(5):
        assert _post(client).status_code == 200
    response = _post(client)
    assert response.status_code == 400
    assert "提交过于频繁" in response.text
    assert Lead.objects.count() == 5


def test_a_spoofed_forwarded_header_does_not_lift_the_rate_limit(client, home, settings):
    settings.RONGMEI_TRUSTED_PROXIES = []
    settings.RONGMEI_TIP_RATE = "5/h"
    statuses = [_send(client, "203.0.113.9", f"198.51.100.{n}").status_code for n in range(15)]
    assert statuses == [200] * 5 + [400] * 10
    response = _send(client, "203.0.113.9", "198.51.100.99")
    assert "提交过于频繁，请一小时后再试。" in response.text
    assert Lead.objects.count() == 5
    assert LeadAttachment.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="planning.Lead").count() == 5
    assert set(AuditEntry.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, home, settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["127.0.0.1"]
    settings.RONGMEI_TIP_RATE = "2/h"

    def send(forwarded):
        return _send(client, "127.0.0.1", forwarded).status_code

    assert [send("198.51.100.1") for _ in range(3)] == [200, 200, 400]
    # A forged left part of the header is still the same client.
    assert send("6.6.6.6, 198.51.100.1") == 400
    assert send("198.51.100.2") == 200
    assert Lead.objects.count() == 3


def test_a_refused_form_does_not_use_up_the_limit(client, home, settings):
    settings.RONGMEI_TIP_RATE = "1/h"
    assert _post(client, content="太短").status_code == 400
    assert _post(client).status_code == 200
    assert _post(client).status_code == 400
    assert Lead.objects.count() == 1


def test_simultaneous_sends_take_exactly_the_allowed_number(center, settings):
    """The count is the cache's atomic increment: no check-then-write gap between threads."""
    settings.RONGMEI_TIP_RATE = "5/h"
    start = threading.Barrier(20)
    results = []

    def take():
        start.wait()
        results.append(tips._rate_limited(center=center, address="203.0.113.9", count=True))

    threads = [threading.Thread(target=take) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 5
    assert results.count(True) == 15


def test_attachments_are_private_and_served_only_to_the_centers_staff(
    client, home, make_user, other_center
):
    _post(client, images=[_jpeg_with_gps()])
    attachment = LeadAttachment.objects.get()
    assert "/media/" not in attachment.file.url
    url = f"/admin/planning/attachment/{attachment.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(make_user(other_center, "editor"))
    assert client.get(url).status_code == 404
    client.force_login(make_user(home.center, "editor"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
