"""The security administrator (安全管理员) unlocks locked accounts in their center.

The permission is created here with its model's content type, so that Django's
post-migrate step finds it rather than making a second one."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions

GRANTS = {"security_admin": ["security.unlock_account"]}


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    ct, _ = ContentType.objects.get_or_create(app_label="security", model="accountsession")
    Permission.objects.get_or_create(
        content_type=ct, codename="unlock_account", defaults={"name": "解除账号登录锁定"}
    )
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="security", codename="unlock_account"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_initial"),
        ("accounts", "0004_grant_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
