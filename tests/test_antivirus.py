"""Uploads are scanned by ClamAV's daemon where installed (等保 8.1.4.5 恶意代码防范),
here through a stand-in daemon of ours speaking clamd's INSTREAM protocol on 127.0.0.1."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rongmei.core.antivirus import clamd_scan, scan_upload, scanner_enabled
from rongmei.core.tests.clamd_standin import EICAR, ClamdStandIn
from rongmei.planning import tips
from rongmei.planning.models import Lead, LeadAttachment

TEXT = "城东路口的红绿灯坏了三天，早晚高峰很堵。"


@pytest.fixture
def clamd(settings):
    with ClamdStandIn() as server:
        settings.RONGMEI_VIRUS_SCAN = "clamd"
        settings.RONGMEI_CLAMD_ADDRESS = server.address
        yield server


def test_the_eicar_string_is_found_and_clean_data_passes(clamd):
    assert clamd_scan(b"just a picture" * 10000) is None
    # Split across chunks, from a file object, its position kept.
    upload = io.BytesIO(b"A" * 70000 + EICAR)
    upload.seek(5)
    assert clamd_scan(upload) == "Eicar-Signature"
    assert upload.tell() == 5
    assert clamd.scanned == [140000, 70000 + len(EICAR)]


def test_an_infected_upload_is_refused_in_chinese(clamd):
    with pytest.raises(ValidationError, match="未通过病毒检查（Eicar-Signature）") as info:
        scan_upload(EICAR, label="附件")
    assert info.value.code == "virus"
    scan_upload(b"clean")


def test_a_required_scanner_that_cannot_be_reached_refuses_the_upload(settings):
    settings.RONGMEI_VIRUS_SCAN = "clamd"
    settings.RONGMEI_CLAMD_ADDRESS = "127.0.0.1:1"
    with pytest.raises(ValidationError, match="病毒扫描服务暂时不可用"):
        scan_upload(b"anything")


def test_auto_scans_only_where_clamd_is_installed(settings, tmp_path):
    settings.RONGMEI_VIRUS_SCAN = "auto"
    settings.RONGMEI_CLAMD_ADDRESS = str(tmp_path / "clamd.ctl")
    assert not scanner_enabled()
    scan_upload(EICAR)  # no scanner here: nothing to ask
    settings.RONGMEI_VIRUS_SCAN = "off"
    assert not scanner_enabled()


@pytest.mark.django_db
def test_a_tip_with_an_infected_attachment_stores_nothing(clamd, center):
    infected = SimpleUploadedFile("photo.jpg", EICAR, content_type="image/jpeg")
    with pytest.raises(ValidationError, match="第1张图片文件未通过病毒检查"):
        tips.tip_submit(center=center, content=TEXT, contact="13800000000", images=[infected])
    assert not Lead.objects.exists()
    assert not LeadAttachment.objects.exists()
    assert clamd.scanned == [len(EICAR)]
