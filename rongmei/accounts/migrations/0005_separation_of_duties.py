"""三员分立: the system, security and audit administrators are three roles.

The system administrator keeps running the center (departments, the staff list, ledger
imports, settings) but no longer grants roles or reads the audit log; the security
administrator manages staff accounts and their roles; the audit administrator reads and
exports the audit log and nothing else. No person may hold two of the three in a center
(`rongmei.accounts.services`).
"""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms
from rongmei.core.roles import ROLE_GROUP_NAMES

MOVED_FROM_ADMINISTRATOR = [
    "accounts.grant_roles",
    "accounts.add_membership",
    "accounts.change_membership",
    "accounts.delete_membership",
    "core.view_auditentry",
]

GRANTS = {
    "security_admin": [
        "wagtailadmin.access_admin",
        *model_perms("accounts", "membership"),
        "accounts.grant_roles",
        "accounts.view_department",
        "core.view_center",
    ],
    "audit_admin": [
        "wagtailadmin.access_admin",
        "core.view_auditentry",
        "core.view_center",
    ],
}


def _perm(apps, label):
    app_label, codename = label.split(".", 1)
    return (
        apps.get_model("auth", "Permission")
        .objects.filter(content_type__app_label=app_label, codename=codename)
        .first()
    )


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    Group = apps.get_model("auth", "Group")
    admin = Group.objects.filter(name=ROLE_GROUP_NAMES["administrator"]).first()
    if admin is not None:
        perms = [p for p in (_perm(apps, label) for label in MOVED_FROM_ADMINISTRATOR) if p]
        admin.permissions.remove(*perms)


def backwards(apps, schema_editor):
    grant_role_permissions(apps, {"administrator": MOVED_FROM_ADMINISTRATOR})
    apps.get_model("auth", "Group").objects.filter(
        name__in=[ROLE_GROUP_NAMES["security_admin"], ROLE_GROUP_NAMES["audit_admin"]]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_grant_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
