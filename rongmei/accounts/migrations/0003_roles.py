"""Create the role groups of ../shared/guide/domain.md with their first permissions."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms
from rongmei.core.roles import ROLE_GROUP_NAMES

STAFF = [r for r in ROLE_GROUP_NAMES]
ADMIN_ACCESS = ["wagtailadmin.access_admin"]

GRANTS = {role: list(ADMIN_ACCESS) for role in STAFF}
GRANTS["administrator"] += [
    *model_perms("accounts", "membership"),
    *model_perms("accounts", "department"),
    "core.view_auditentry",
    "core.view_center",
]
GRANTS["director"] += [
    "accounts.view_membership",
    "accounts.view_department",
    "core.view_auditentry",
    "core.view_center",
]
GRANTS["integrity_officer"] += ["core.view_auditentry"]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_GROUP_NAMES.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("core", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
