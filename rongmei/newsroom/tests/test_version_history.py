"""Each channel version keeps its own revisions, and any two of them can be compared."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from rongmei.core.tests.helpers import assert_queries_do_not_grow
from rongmei.newsroom import services
from rongmei.newsroom.choices import VersionKind
from rongmei.newsroom.selectors import version_compare, version_revisions

from .factories import newsroom_staff, story_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(center, make_user):
    return newsroom_staff(center, make_user)


@pytest.fixture
def version(center, staff):
    story = story_for(center, staff["reporter"], title="全县秋粮收购工作全面启动")
    version = services.version_create(story=story, kind=VersionKind.WECHAT, by=staff["editor"])
    services.version_update(
        version=version, by=staff["editor"], title="秋粮收购启动", body="<p>今年收购价格上涨。</p>"
    )
    services.version_update(
        version=version,
        by=staff["desk_head"],
        title="秋粮收购全面启动",
        body="<p>今年收购价格稳定。</p>",
    )
    return version


def test_every_saved_edit_is_a_revision_of_the_version(version, staff):
    revisions = version_revisions(version=version)
    assert len(revisions) == 3
    assert [r.user for r in revisions] == [staff["desk_head"], staff["editor"], staff["editor"]]
    assert revisions[0].as_object().title == "秋粮收购全面启动"
    assert revisions[2].as_object().title == "全县秋粮收购工作全面启动"


def test_an_unchanged_save_adds_no_revision(version, staff):
    services.version_update(
        version=version, by=staff["editor"], title=version.title, body=version.body
    )
    assert len(version_revisions(version=version)) == 3


def test_any_two_revisions_compare_field_by_field(version):
    newest, middle, first = version_revisions(version=version)
    rows = {str(r["label"]): r for r in version_compare(version=version, a=first.pk, b=newest.pk)}
    assert rows["标题"]["changed"]
    assert '<span class="deletion">' in str(rows["标题"]["diff"])
    assert "稳定" in str(rows["正文"]["diff"])
    assert not rows["短视频文案"]["changed"]
    rows = {str(r["label"]): r for r in version_compare(version=version, a=middle.pk, b=newest.pk)}
    assert '<span class="addition">稳定</span>' in str(rows["正文"]["diff"])


def test_history_page_compares_the_chosen_pair(client, version, staff):
    newest, _middle, first = version_revisions(version=version)
    client.force_login(staff["editor"])
    url = reverse("newsroom_version_history", args=[version.pk])
    page = client.get(url, {"a": first.pk, "b": newest.pk})
    assert page.status_code == 200
    assert "修改内容" in page.text
    assert "deletion" in page.text
    # Without a choice, the last two are compared; a revision of nothing here is refused.
    assert "修改内容" in client.get(url).text
    refused = client.get(url, {"a": first.pk, "b": 999999}, follow=True)
    assert "请选择本版本的两个历史版本进行比较" in refused.text


def test_history_query_count_does_not_grow(client, version, staff):
    client.force_login(staff["editor"])
    url = reverse("newsroom_version_history", args=[version.pk])

    def more_revisions():
        for n in range(6):
            services.version_update(
                version=version, by=staff["editor"], title=f"秋粮收购第{n}稿", body=version.body
            )

    assert assert_queries_do_not_grow(lambda: client.get(url), more_revisions).status_code == 200


def test_other_centers_version_history_is_not_found(client, other_center, make_user, version):
    client.force_login(make_user(other_center, "editor", username="their-editor"))
    url = reverse("newsroom_version_history", args=[version.pk])
    assert client.get(url).status_code == 404


def test_a_version_without_revisions_keeps_its_old_state_on_first_edit(center, staff):
    story = story_for(center, staff["reporter"], title="老版本")
    version = services.version_create(story=story, kind=VersionKind.TOUTIAO, by=staff["editor"])
    version.revisions.all().delete()
    type(version).objects.filter(pk=version.pk).update(latest_revision=None)
    version.refresh_from_db()

    services.version_update(version=version, by=staff["editor"], title="新标题", body="")

    newest, oldest = version_revisions(version=version)
    assert oldest.as_object().title == "老版本"
    assert oldest.user is None
    assert newest.as_object().title == "新标题"


def test_a_story_locked_by_someone_else_keeps_its_versions_unchanged(version, staff):
    story = version.story
    story.locked, story.locked_by = True, staff["desk_head"]
    story.save(update_fields=["locked", "locked_by"])
    with pytest.raises(PermissionDenied) as refused:
        services.version_update(version=version, by=staff["editor"], title="抢改", body="")
    assert "锁定" in str(refused.value)
    version.refresh_from_db()
    assert version.title == "秋粮收购全面启动"
    assert len(version_revisions(version=version)) == 3
    # The one who holds the lock may go on editing.
    services.version_update(version=version, by=staff["desk_head"], title="主任改稿", body="")
    assert len(version_revisions(version=version)) == 4
