"""The public site and the staff pages answer with a Content-Security-Policy that allows no
inline script (Wagtail's own carry the response's nonce), and the other security headers."""

import pytest
from django.urls import reverse

from rongmei.core.tests.helpers import work_in
from rongmei.core.tests.test_security_headers import assert_no_inline_script, policy_of
from rongmei.newsroom.tests.factories import newsroom_staff, signed_off_story, story_for
from rongmei.website.models import ArticlePage
from rongmei.website.services import site_home_ensure


@pytest.fixture
def site(center, make_user):
    site_home_ensure(center=center)
    staff = newsroom_staff(center, make_user)
    story = signed_off_story(center, staff, title="全力推进创卫工作")
    return staff, ArticlePage.objects.get(story_id=story.pk)


@pytest.mark.django_db
def test_public_pages_have_the_strict_policy_and_no_inline_script(client, site):
    _staff, article = site
    for url in ("/", article.url, reverse("website_search") + "?q=创卫", "/tips/"):
        response = client.get(url)
        assert_no_inline_script(response)
        policy = policy_of(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # A cached page (the page cache answers before the session) gets the header too.
    again = client.get(article.url)
    assert again["X-Site-Cache"] == "hit"
    assert policy_of(again)["script-src"] == ["'self'"]


@pytest.mark.django_db
def test_staff_pages_allow_only_their_own_nonced_inline_scripts(client, center, site, make_user):
    staff, _article = site
    story = story_for(center, staff["reporter"], title="待编辑稿件")
    work_in(client, staff["chief_editor"], center)
    dashboard = client.get("/admin/")
    listing = client.get("/admin/newsroom/stories/")
    edit = client.get(f"/admin/newsroom/stories/edit/{story.pk}/")
    for response in (dashboard, listing, edit):
        assert_no_inline_script(response)
        policy = policy_of(response)
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
    # The edit form's inline panel (authors) writes a script: it carries the nonce.
    assert assert_no_inline_script(edit).inline
    assert any(v.startswith("'nonce-") for v in policy_of(edit)["script-src"])
    # Pages of our own that had inline scripts and handlers.
    work_in(client, make_user(center, "channel_operator"), center)
    assert_no_inline_script(client.get(reverse("reach:import")))
    assert_no_inline_script(client.get(reverse("reach:audience")))
    work_in(client, make_user(center, "director"), center)
    month = client.get(reverse("scoring_month"))
    assert_no_inline_script(month)
    assert "data-rm-confirm" in month.content.decode()
    assert "core/confirm.js" in month.content.decode()
    work_in(client, staff["chief_editor"], center)
    assert_no_inline_script(client.get(reverse("newsroom_story_sheet", args=[story.pk])))
