"""The security administrator (安全管理员) resets an account's two-factor sign-in in their
center (a lost phone). The permission is created here with its model's content type, so
that Django's post-migrate step finds it rather than making a second one."""

from django.db import migrations

from rongmei.core.fields import create_permission
from rongmei.core.permissions import grant_role_permissions

GRANTS = {"security_admin": ["security.reset_two_factor"]}


def forwards(apps, schema_editor):
    create_permission(apps, "security", "totpdevice", "reset_two_factor", "重置账号的双因素认证")
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="security", codename="reset_two_factor"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0003_two_factor"),
        ("accounts", "0004_grant_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
