"""Give the roles that keep party records their permissions on the new models."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

MODELS = ["partymember", "communityservicereport", "studyappusage"]
KEEPERS = ["party_branch"]  # view, add and change
MANAGERS = ["director", "administrator"]  # everything, delete included


def forwards(apps, schema_editor):
    edit = [p for m in MODELS for p in model_perms("party", m, ("view", "add", "change"))]
    full = [p for m in MODELS for p in model_perms("party", m)]
    grants = {role: edit for role in KEEPERS}
    grants.update({role: full for role in MANAGERS})
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0003_members_service_reports_study_apps"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
