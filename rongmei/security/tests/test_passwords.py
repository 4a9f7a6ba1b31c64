"""Password rules (GB/T 22239-2019 8.1.4.1 a): complexity, history, age, first change."""

import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from rongmei.accounts.models import User
from rongmei.accounts.tests.factories import make_staff
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.roles import ROLE_GROUP_NAMES
from rongmei.core.tests.helpers import work_in
from rongmei.security.models import PasswordHistory
from rongmei.security.validators import character_classes

from .helpers import sign_in

pytestmark = pytest.mark.django_db

GOOD = "Qiantang-2024"


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_zxcvbnmq_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("zxcvbnmq")
    assert "密码须至少包含小写字母、大写字母、数字、符号四类字符中的3类。" in exc.value.messages


@pytest.mark.parametrize(
    ("password", "classes"),
    [("zxcvbnmq", 1), ("zxcvbnm1", 2), ("Zxcvbnm1", 3), ("zxcvbn-1", 3), ("Zx-cvbn1", 4)],
)
def test_character_classes_are_counted(password, classes):
    assert character_classes(password) == classes


def test_three_classes_and_eight_characters_pass():
    validate_password("Qiantang7")
    validate_password("qian-tang1")


def test_seven_characters_are_too_short_in_chinese():
    with pytest.raises(ValidationError) as exc:
        validate_password("Zxcvb-1")
    assert "密码太短，至少需要8个字符。" in exc.value.messages


def test_none_of_the_last_five_passwords(center):
    user = make_staff(center, "reporter", username="wang")
    used = [f"Used-pass-{i}" for i in range(1, 7)]
    for password in used:
        user.set_password(password)
        user.save()
    # Kept: the hashes of the last five (the current one included), not the sixth back.
    assert PasswordHistory.objects.filter(user=user).count() == 5
    for password in used[1:]:
        with pytest.raises(ValidationError) as exc:
            validate_password(password, user)
        assert "新密码不能与最近使用过的5个密码相同。" in exc.value.messages
    validate_password(used[0], user)
    validate_password("Brand-new-9", user)


def test_a_password_set_outside_a_request_asks_no_change_at_sign_in(client, center):
    """Commands, the demo and tests' factories set passwords with nobody signed in."""
    user = make_staff(center, "reporter", username="li")
    entry = PasswordHistory.objects.get(user=user)
    assert (entry.password, entry.chosen_by_user, entry.set_by) == (user.password, False, None)
    assert sign_in(client, "li", "pass-1234").status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def _created_by_an_administrator(client, center, username, password):
    """A staff account made on the staff pages by the security administrator."""
    security = make_staff(center, "security_admin", username="sec-a")
    work_in(client, security, center)
    response = client.post(
        reverse("staff:add"),
        {
            "username": username,
            "display_name": "赵六",
            "password": password,
            "roles": [Group.objects.get(name=ROLE_GROUP_NAMES["reporter"]).pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()
    return User.objects.get(username=username), security


def test_first_sign_in_sends_to_the_password_page_until_changed(client, center):
    user, security = _created_by_an_administrator(client, center, "zhao", "Initial-pass-1")
    initial = PasswordHistory.objects.get(user=user)
    assert (initial.chosen_by_user, initial.set_by) == (False, security)
    assert AuditEntry.objects.filter(verb="设置初始密码", actor=security).exists()

    response = sign_in(client, "zhao", "Initial-pass-1")
    assert response.status_code == 302
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("security_password_change")
    assert "首次登录须修改由管理员设置的初始密码，请先修改密码后再继续使用。" in _messages(response)
    # Other staff pages and the API are held too.
    assert client.get(reverse("audit:index")).url == reverse("security_password_change")
    api = client.get("/api/v1/stories/")
    assert api.status_code == 403
    assert "修改" in api.json()["detail"]

    response = client.post(
        reverse("security_password_change"),
        {"old_password": "Initial-pass-1", "new_password1": GOOD, "new_password2": GOOD},
        REMOTE_ADDR="10.0.0.5",
    )
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    current = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk").first()
    assert (current.chosen_by_user, current.set_by) == (True, user)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, verb="修改密码")
    assert entry.actor == user
    assert entry.center == center
    assert entry.ip_address == "10.0.0.5"
    assert GOOD not in str(entry.changes)


def test_the_new_password_must_follow_the_rules_and_nothing_is_written(client, center):
    user = make_staff(center, "reporter", username="qian")
    sign_in(client, "qian", "pass-1234")
    before = PasswordHistory.objects.filter(user=user).count()
    for new, message in [
        ("zxcvbnmq", "密码须至少包含小写字母、大写字母、数字、符号四类字符中的3类。"),
        ("pass-1234", "新密码不能与最近使用过的5个密码相同。"),
    ]:
        response = client.post(
            reverse("security_password_change"),
            {"old_password": "pass-1234", "new_password1": new, "new_password2": new},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    assert PasswordHistory.objects.filter(user=user).count() == before
    user.refresh_from_db()
    assert user.check_password("pass-1234")


def _chosen(user, *, days_ago):
    entry = PasswordHistory.objects.filter(user=user).latest("created_at")
    PasswordHistory.objects.filter(pk=entry.pk).update(
        chosen_by_user=True, created_at=timezone.now() - dt.timedelta(days=days_ago)
    )


def test_a_password_older_than_90_days_must_be_changed(client, center):
    user = make_staff(center, "reporter", username="sun")
    _chosen(user, days_ago=91)
    sign_in(client, "sun", "pass-1234")
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("security_password_change")
    assert "您的密码已超过90天未修改，请先修改密码后再继续使用。" in _messages(response)


def test_a_password_of_89_days_goes_on(client, center):
    user = make_staff(center, "reporter", username="zhou")
    _chosen(user, days_ago=89)
    sign_in(client, "zhou", "pass-1234")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_weak_password_from_before_the_rules_must_be_changed(client, center):
    user = make_staff(center, "reporter", username="wu")
    # Stored before today's rules existed (no validator ran).
    type(user).objects.filter(pk=user.pk).update(password=make_password("zxcvbnmq"))
    _chosen(user, days_ago=1)
    sign_in(client, "wu", "zxcvbnmq")
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert "您的密码不符合现行密码规则，请先修改密码后再继续使用。" in _messages(response)


def test_staff_signed_in_without_the_form_are_not_held(client, center):
    """Sessions made by tests (force_login) owe no password change."""
    user = make_staff(center, "reporter", username="zheng")
    work_in(client, user, center)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
