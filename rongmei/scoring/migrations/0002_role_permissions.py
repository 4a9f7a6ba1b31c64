"""The director edits scoring rules; desk heads and chief editors may read them."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms


def forwards(apps, schema_editor):
    full = model_perms("scoring", "scorerule")
    read = model_perms("scoring", "scorerule", ("view",))
    grant_role_permissions(
        apps,
        {"director": full, "administrator": full, "chief_editor": read, "desk_head": read},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
