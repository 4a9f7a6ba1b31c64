"""Rich text from any source is sanitised; raw HTML posted where the editor's JSON belongs
is refused with 400 and a Chinese reason, never a server error."""

import pytest
from django.urls import reverse

from rongmei.core.richtext import CheckedDraftailRichTextArea, rich_text_clean
from rongmei.newsroom import services
from rongmei.newsroom.choices import VersionKind
from rongmei.newsroom.models import ChannelVersion, Story, VersionDraft

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>秋粮收购<img src="x" onerror="alert(1)"></p><script>alert(document.cookie)</script>'
    '<p><a href="javascript:alert(1)">点此</a><span style="color:red">红字</span></p>'
)
REFUSED = "正文格式无效"


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def version(center, staff):
    story = story_for(center, staff["reporter"], title="全县秋粮收购工作全面启动")
    return services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])


def _safe(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "onerror", "javascript:", "style=", "<img", "<span"):
        assert bad not in lowered


def test_raw_html_posted_to_the_edit_page_is_a_400(client, version, staff):
    before = ChannelVersion.objects.values("title", "body").get(pk=version.pk)
    client.force_login(staff["editor"])
    response = client.post(
        reverse("newsroom_version_edit", args=[version.pk]),
        {"title": "新标题", "body": HOSTILE, "caption": ""},
    )
    assert response.status_code == 400
    assert REFUSED in response.text
    assert ChannelVersion.objects.values("title", "body").get(pk=version.pk) == before


def test_raw_html_posted_to_autosave_is_a_400(client, version, staff):
    client.force_login(staff["editor"])
    response = client.post(
        reverse("newsroom_version_autosave", args=[version.pk]),
        {"title": "新标题", "body": HOSTILE, "caption": ""},
    )
    assert response.status_code == 400
    assert "data-autosave-error" in response.text
    assert REFUSED in response.text
    assert not VersionDraft.objects.exists()


@pytest.mark.parametrize("body", ['{"blocks": 5}', "[]", '{"entityMap": []}', "null"])
def test_json_that_is_no_editor_content_is_no_server_error(client, version, staff, body):
    """The test client raises what the view raised: any answer at all is no 500."""
    client.force_login(staff["editor"])
    url = reverse("newsroom_version_autosave", args=[version.pk])
    response = client.post(url, {"title": "新标题", "body": body, "caption": ""})
    assert response.status_code in (200, 400)


def test_services_store_sanitised_rich_text(center, staff, version):
    story = services.story_create(by=staff["reporter"], center=center, title="标题", body=HOSTILE)
    _safe(Story.objects.get(pk=story.pk).body)
    assert "秋粮收购" in story.body
    services.story_update(story=story, by=staff["reporter"], body=HOSTILE + "<p>补充</p>")
    revised = Story.objects.get(pk=story.pk).get_latest_revision_as_object()
    _safe(revised.body)
    assert "补充" in revised.body

    services.version_update(version=version, by=staff["editor"], title="版本", body=HOSTILE)
    _safe(ChannelVersion.objects.get(pk=version.pk).body)
    draft = services.version_autosave(
        version=version, by=staff["editor"], title="草稿", body=HOSTILE
    )
    _safe(draft.body)


def test_wagtails_own_markup_survives_unchanged():
    html = (
        '<h2 data-block-key="a1">标题</h2><p data-block-key="b2">正文<b>粗体</b><i>斜体</i>'
        '<br/><a href="https://www.gov.cn/">政府网</a><a linktype="page" id="3">本站</a>'
        '<a linktype="document" id="4">附件</a></p><ul><li data-block-key="c3">一</li></ul>'
        '<hr/><embed embedtype="image" id="5" format="fullwidth" alt="现场"/>'
        '<embed embedtype="media" url="https://v.example.cn/1"/>'
    )
    assert rich_text_clean(html) == html
    assert rich_text_clean(rich_text_clean(HOSTILE)) == rich_text_clean(HOSTILE)


def test_the_editor_widget_survives_raw_html():
    widget = CheckedDraftailRichTextArea()
    value = widget.value_from_datadict({"body": HOSTILE}, {}, "body")
    assert widget.malformed
    _safe(value)
    assert "秋粮收购" in value
