import io

import pytest
from django.core.management import CommandError, call_command

from rongmei.accounts.models import User
from rongmei.accounts.selectors import roles_of
from rongmei.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def run(*args, stdin=""):
    import sys

    out = io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command("staff_add", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


def test_adds_a_staff_member_with_password_and_roles(center):
    out = run(
        "wang.wu", "--center", center.code, "--role", "editor", "--role", "desk_head",
        "--name", "王五", "--password-stdin", stdin="Sturdy-pass-2021\n",
    )  # fmt: skip
    assert "已新建人员" in out
    user = User.objects.get(username="wang.wu")
    assert user.display_name == "王五"
    assert user.check_password("Sturdy-pass-2021")
    assert roles_of(user, center) == {"editor", "desk_head"}
    assert AuditEntry.objects.filter(verb="分配角色", center=center).exists()


def test_adds_a_role_in_another_center_to_an_existing_user(center, other_center, make_user):
    user = make_user(center, "reporter", username="li.si")
    run("li.si", "--center", other_center.code, "--role", "administrator")
    assert roles_of(user, other_center) == {"administrator"}
    assert roles_of(user, center) == {"reporter"}
    entry = AuditEntry.objects.filter(verb="分配角色", center=other_center).get()
    assert entry.changes == {"roles": [[], ["系统管理员"]]}


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--center", "999999", "--name", "甲"], "", "没有行政区划代码"),
        (["--center", "632224"], "", "--name"),
        (["--center", "632224", "--name", "甲", "--password-stdin"], "12345678\n", "密码"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_writes_nothing(center, args, stdin, message):
    with pytest.raises(CommandError, match=message):
        run("new.one", *args, stdin=stdin)
    assert not User.objects.filter(username="new.one").exists()
