"""Publish jobs, reach figures and reach imports: who may see and work them."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

MODELS = ["publishjob", "publishattempt", "publicationfigure", "reachimport"]
KEEPERS = ["editor", "desk_head", "chief_editor", "channel_operator"]  # view, add and change
MANAGERS = ["director", "administrator"]  # everything, delete included


def forwards(apps, schema_editor):
    edit = [p for m in MODELS for p in model_perms("distribution", m, ("view", "add", "change"))]
    full = [p for m in MODELS for p in model_perms("distribution", m)]
    grants = {role: edit for role in KEEPERS}
    grants.update({role: full for role in MANAGERS})
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0005_channels_jobs_reach"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
