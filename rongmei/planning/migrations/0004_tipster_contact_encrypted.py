"""Tipsters' contacts encrypted at rest; their full view a permission of the planners."""

from django.db import migrations

import rongmei.core.fields
from rongmei.core.fields import create_permission, decrypt_existing, encrypt_existing
from rongmei.core.permissions import grant_role_permissions

# Those who decide what becomes of a tip and call the tipster back (domain guide: the
# desk head plans, the chief editor decides); reporters, editors and everyone else see
# the contact masked.
CONTACT_ROLES = ["desk_head", "chief_editor"]


def grant(apps, schema_editor):
    create_permission(apps, "planning", "lead", "view_tipster_contact", "查看爆料人联系方式")
    grant_role_permissions(
        apps, {role: ["planning.view_tipster_contact"] for role in CONTACT_ROLES}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0003_private_attachments'),
        ('accounts', '0003_roles'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='lead',
            options={'ordering': ['center', '-created_at', '-id'], 'permissions': [('view_tipster_contact', '查看爆料人联系方式')], 'verbose_name': '线索', 'verbose_name_plural': '线索'},
        ),
        migrations.AlterField(
            model_name='lead',
            name='contact',
            field=rongmei.core.fields.EncryptedTextField(blank=True, max_length=100, verbose_name='联系方式'),
        ),
        migrations.RunPython(
            encrypt_existing("planning", "Lead", "contact"),
            decrypt_existing("planning", "Lead", "contact"),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
