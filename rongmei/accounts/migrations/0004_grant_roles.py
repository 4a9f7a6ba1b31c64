"""Roles count only where they are held: the role-granting permission goes to the
administrator role, and users' global Django groups (once a copy of their roles in
every center) are emptied — permissions now come from memberships in the acting center.
"""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions


def forwards(apps, schema_editor):
    grant_role_permissions(apps, {"administrator": ["accounts.grant_roles"]})
    User = apps.get_model("accounts", "User")
    User.groups.through.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["center", "department__sort_order", "user__username"],
                "permissions": [("grant_roles", "分配角色")],
                "verbose_name": "人员",
                "verbose_name_plural": "人员",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
