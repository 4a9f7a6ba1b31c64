"""Give the roles that plan coverage their permissions (see core.permissions)."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

MODELS = ["lead", "topic", "assignment", "keydate"]
STAFF = ["reporter", "camera", "editor", "channel_operator"]  # view, add
PLANNERS = ["desk_head", "chief_editor"]  # view, add and change
MANAGERS = ["director", "administrator"]  # everything, delete included


def forwards(apps, schema_editor):
    staff = [p for m in MODELS for p in model_perms("planning", m, ("view", "add"))]
    edit = [p for m in MODELS for p in model_perms("planning", m, ("view", "add", "change"))]
    full = [p for m in MODELS for p in model_perms("planning", m)]
    grants = {role: staff for role in STAFF}
    grants.update({role: edit for role in PLANNERS})
    grants.update({role: full for role in MANAGERS})
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
