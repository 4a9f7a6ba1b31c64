"""Give the roles that register submissions their permissions (see core.permissions)."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

KEEPERS = ["editor", "desk_head", "chief_editor", "channel_operator"]  # view, add and change
MANAGERS = ["director", "administrator"]  # everything, delete included
AUTHORS = ["reporter", "camera"]  # see the board and submit their own stories


def forwards(apps, schema_editor):
    edit = model_perms("outreach", "submission", ("view", "add", "change"))
    grants = {role: edit for role in KEEPERS}
    grants.update({role: model_perms("outreach", "submission") for role in MANAGERS})
    grants.update({role: model_perms("outreach", "submission", ("view", "add")) for role in AUTHORS})
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0003_submissions"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
