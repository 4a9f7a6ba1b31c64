"""A center's own Word template of the work summary, uploaded through the admin."""

import io

import docx
import pytest
from django.urls import reverse

from rongmei.core.models import AuditEntry
from rongmei.outreach.tests.factories import AdoptionFactory
from rongmei.reporting.docx_template import (
    MAX_TEMPLATE_BYTES,
    SAMPLE_CONTEXT,
    TEMPLATE_PATH,
    TemplateCheckError,
)
from rongmei.reporting.models import SummaryTemplate
from rongmei.reporting.services import (
    stats_document,
    summary_template_reset,
    summary_template_upload,
)
from rongmei.reporting.summary import work_summary_build, work_summary_context

from .conftest import END, IN, START

pytestmark = pytest.mark.django_db


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


OWN = _docx(
    "本中心专用模板",
    "{{ title }}",
    "{%p for s in sections %}",
    "{{ s.heading }}{{ s.text }}",
    "{%p endfor %}",
)


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_sample_context_has_the_keys_summaries_fill(center):
    doc = stats_document(center=center, start=START, end=END, compare="previous_year")
    assert set(work_summary_context(doc)) == set(SAMPLE_CONTEXT)


def test_the_summary_uses_the_centers_template_until_reset(center, other_center):
    AdoptionFactory.create_batch(3, center=center, date=IN)
    AdoptionFactory.create_batch(2, center=other_center, date=IN)

    template = summary_template_upload(by=None, center=center, filename="我们的.docx", content=OWN)

    assert template.is_active
    assert template.filename == "我们的.docx"
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert text.startswith("本中心专用模板\n示范县融媒体中心2021年工作总结")
    assert "累计刊播转载新闻信息3条" in text
    assert "下步工作计划" not in text  # the center's template leaves it out
    # Another center keeps the default template.
    other = _text(work_summary_build(center=other_center, start=START, end=END))
    assert "本中心专用模板" not in other
    assert "二、下步工作计划" in other

    assert summary_template_reset(by=None, center=center) is True
    assert summary_template_reset(by=None, center=center) is False
    text = _text(work_summary_build(center=center, start=START, end=END))
    assert "本中心专用模板" not in text
    assert "二、下步工作计划" in text
    assert SummaryTemplate.objects.filter(center=center, is_active=False).count() == 1


def test_a_new_upload_replaces_the_active_one(center):
    summary_template_upload(by=None, center=center, filename="a.docx", content=OWN)
    summary_template_upload(by=None, center=center, filename="b.docx", content=OWN)
    active = SummaryTemplate.objects.get(center=center, is_active=True)
    assert active.filename == "b.docx"
    assert SummaryTemplate.objects.filter(center=center).count() == 2


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("summary.doc", OWN, "请上传 .docx"),
        ("summary.docx", b"not a zip at all", "不是有效的 Word 文档"),
        ("summary.docx", _docx("没有占位符的文档"), "没有任何占位符"),
        ("summary.docx", _docx("{{ title }}", "{{ budget }}"), "无法识别的占位符：budget"),
        ("summary.docx", _docx("{{ title }", "正文"), "写法有误"),
        ("summary.docx", _docx("{%p for s in sections %}", "{{ s.text }}"), "写法有误"),
        ("summary.docx", b"x" * (MAX_TEMPLATE_BYTES + 1), "模板文件过大"),
    ],
)
def test_bad_templates_are_refused_in_chinese_and_change_nothing(
    center, filename, content, message
):
    summary_template_upload(by=None, center=center, filename="ok.docx", content=OWN)
    with pytest.raises(TemplateCheckError, match=message):
        summary_template_upload(by=None, center=center, filename=filename, content=content)
    assert SummaryTemplate.objects.get(center=center, is_active=True).filename == "ok.docx"
    assert SummaryTemplate.objects.count() == 1


def test_the_default_template_passes_its_own_check(center):
    summary_template_upload(
        by=None, center=center, filename="默认.docx", content=TEMPLATE_PATH.read_bytes()
    )


# -- the admin page -----------------------------------------------------------------


@pytest.fixture
def director_client(client, center, make_user):
    client.force_login(make_user(center, "director"))
    return client


def test_page_upload_download_and_reset(director_client, center):
    url = reverse("reporting_summary_template")
    page = director_client.get(url)
    assert page.status_code == 200
    assert "默认模板" in page.content.decode()

    default = director_client.get(reverse("reporting_summary_template_default"))
    assert default.content == TEMPLATE_PATH.read_bytes()

    upload = io.BytesIO(OWN)
    upload.name = "本中心模板.docx"
    response = director_client.post(url, {"file": upload})
    assert response.status_code == 302
    active = SummaryTemplate.objects.get(center=center, is_active=True)
    assert active.uploaded_by is not None
    assert AuditEntry.objects.filter(verb="上传工作总结模板", center=center).exists()
    current = director_client.get(reverse("reporting_summary_template_current"))
    assert current.content == OWN
    assert "本中心模板.docx" in director_client.get(url).content.decode()

    summary = director_client.get(
        reverse("reporting_work_summary") + "?start=2021-01-01&end=2021-12-31"
    )
    assert _text(summary.content).startswith("本中心专用模板")

    director_client.post(reverse("reporting_summary_template_reset"))
    assert not SummaryTemplate.objects.filter(center=center, is_active=True).exists()


def test_page_shows_the_error_and_keeps_the_template(director_client, center):
    upload = io.BytesIO(_docx("{{ title }", "正文"))
    upload.name = "坏模板.docx"
    response = director_client.post(reverse("reporting_summary_template"), {"file": upload})
    assert response.status_code == 200
    assert "写法有误" in response.content.decode()
    assert not SummaryTemplate.objects.exists()


def test_only_managers_of_the_center_may_change_it(client, center, other_center, make_user):
    summary_template_upload(by=None, center=center, filename="ours.docx", content=OWN)
    client.force_login(make_user(center, "reporter"))
    # The admin turns a refusal into a redirect home with a message.
    assert client.get(reverse("reporting_summary_template")).status_code in (302, 403)
    assert client.post(reverse("reporting_summary_template_reset")).status_code in (302, 403)
    assert SummaryTemplate.objects.get(center=center).is_active

    # A director of another center works on that center only: ours stays untouched.
    client.force_login(make_user(other_center, "director", username="neighbour"))
    current = client.get(reverse("reporting_summary_template_current"))
    assert current.content == TEMPLATE_PATH.read_bytes()
    client.post(reverse("reporting_summary_template_reset"))
    assert SummaryTemplate.objects.get(center=center).is_active


def test_stats_page_links_managers_to_the_template(director_client, client, center, make_user):
    url = reverse("reporting_stats") + "?start=2021-01-01&end=2021-12-31"
    template_url = reverse("reporting_summary_template")
    assert template_url in director_client.get(url).content.decode()
    client.force_login(make_user(center, "reporter"))
    assert template_url not in client.get(url).content.decode()
