"""Who reported a case, encrypted at rest; their full view a permission of the editors
who verify cases with them."""

from django.db import migrations

import rongmei.core.fields
from rongmei.core.fields import create_permission
from rongmei.core.permissions import grant_role_permissions

# The editors keep the board and verify a report with the one who sent it; channel
# operators, directors and administrators see the complainant masked.
CONTACT_ROLES = ["editor"]


def grant(apps, schema_editor):
    create_permission(
        apps, "exposure", "exposurecase", "view_complainant_contact", "查看举报人联系方式"
    )
    grant_role_permissions(
        apps, {role: ["exposure.view_complainant_contact"] for role in CONTACT_ROLES}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('exposure', '0002_role_permissions'),
        ('accounts', '0003_roles'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='exposurecase',
            options={'ordering': ['center', '-date'], 'permissions': [('view_complainant_contact', '查看举报人联系方式')], 'verbose_name': '曝光台', 'verbose_name_plural': '曝光台'},
        ),
        migrations.AddField(
            model_name='exposurecase',
            name='complainant_contact',
            field=rongmei.core.fields.EncryptedTextField(blank=True, max_length=100, verbose_name='举报人联系方式'),
        ),
        migrations.AddField(
            model_name='exposurecase',
            name='complainant_name',
            field=rongmei.core.fields.EncryptedTextField(blank=True, mask='name', max_length=50, verbose_name='举报人'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
