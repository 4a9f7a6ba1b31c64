"""The restricted part of an integrity record, encrypted at rest, read only by the
integrity officer."""

from django.db import migrations

import rongmei.core.fields
from rongmei.core.fields import create_permission
from rongmei.core.permissions import grant_role_permissions

DETAIL_ROLES = ["integrity_officer"]


def grant(apps, schema_editor):
    create_permission(
        apps, "integrity", "integrityrecord", "view_restricted_details", "查看廉政记录受限内容"
    )
    grant_role_permissions(
        apps, {role: ["integrity.view_restricted_details"] for role in DETAIL_ROLES}
    )


class Migration(migrations.Migration):

    dependencies = [
        ('integrity', '0002_role_permissions'),
        ('accounts', '0003_roles'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='integrityrecord',
            options={'ordering': ['center', '-date'], 'permissions': [('view_restricted_details', '查看廉政记录受限内容')], 'verbose_name': '廉政记录', 'verbose_name_plural': '廉政记录'},
        ),
        migrations.AddField(
            model_name='integrityrecord',
            name='details',
            field=rongmei.core.fields.EncryptedTextField(blank=True, help_text='谈话内容、发现的问题、涉及人员等；仅纪检人员可见。', mask='text', verbose_name='情况记录（受限）'),
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
