"""Live streams already recorded (with viewers, or in the past) have ended; the roles that
keep episodes also keep their rundown items."""

import datetime as dt

from django.db import migrations
from django.db.models import Q

from rongmei.core.permissions import grant_role_permissions, model_perms

KEEPERS = ["editor", "desk_head", "chief_editor", "channel_operator"]
MANAGERS = ["director", "administrator"]


def forwards(apps, schema_editor):
    LiveStream = apps.get_model("programmes", "LiveStream")
    LiveStream.objects.filter(Q(viewers__gt=0) | Q(date__lt=dt.date.today())).update(
        status="ended"
    )
    edit = model_perms("programmes", "rundownitem", ("view", "add", "change", "delete"))
    grants = {role: edit for role in KEEPERS + MANAGERS}
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_rundown_and_live_details"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
