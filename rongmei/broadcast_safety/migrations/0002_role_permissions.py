"""Give the roles that keep these records their permissions (see core.permissions)."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

MODELS = ['broadcastincident']
KEEPERS = ['engineer']  # view, add and change
MANAGERS = ["director", "administrator"]  # everything, delete included


def forwards(apps, schema_editor):
    edit = [p for m in MODELS for p in model_perms("broadcast_safety", m, ("view", "add", "change"))]
    full = [p for m in MODELS for p in model_perms("broadcast_safety", m)]
    grants = {role: edit for role in KEEPERS}
    grants.update({role: full for role in MANAGERS})
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("broadcast_safety", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
