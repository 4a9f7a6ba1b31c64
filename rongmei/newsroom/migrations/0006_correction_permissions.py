"""Corrections: every newsroom role and the director may see them; those who may correct
(desk heads, chief editors, the director) may add them. Made only through `story_correct`."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions

READERS = ["reporter", "camera", "editor", "channel_operator"]
CORRECTORS = ["desk_head", "chief_editor", "director"]


def forwards(apps, schema_editor):
    grants = {role: ["newsroom.view_correction"] for role in READERS}
    for role in CORRECTORS:
        grants[role] = ["newsroom.view_correction", "newsroom.add_correction"]
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_correction"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
