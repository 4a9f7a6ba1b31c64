"""Who may maintain lexicons (desk heads, chief editors, administrators) and who may read them."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

MODELS = ("lexicon", "term", "leader", "rule")
MAINTAIN = [p for m in MODELS for p in model_perms("proofing", m)]
READ = [*(f"proofing.view_{m}" for m in MODELS), "proofing.view_lexiconversion"]
GRANTS = {
    "desk_head": [*MAINTAIN, *READ, "proofing.view_acceptedfinding"],
    "chief_editor": [*MAINTAIN, *READ, "proofing.view_acceptedfinding"],
    "administrator": [*MAINTAIN, *READ, "proofing.view_acceptedfinding"],
    "editor": [*READ, "proofing.view_acceptedfinding"],
    "reporter": READ,
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("proofing", "0001_initial"),
        ("accounts", "0003_roles"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
