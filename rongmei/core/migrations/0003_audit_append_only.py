"""The audit table refuses UPDATE and DELETE (retention purge excepted) in the database."""

from django.db import migrations, models


def create_triggers(apps, schema_editor):
    from rongmei.core.audit import audit_triggers_create

    audit_triggers_create(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            for name in ("no_update", "no_delete", "no_truncate"):
                cursor.execute(f"DROP TRIGGER IF EXISTS core_auditentry_{name} ON core_auditentry")
            cursor.execute("DROP FUNCTION IF EXISTS core_auditentry_refuse()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_delete")
            cursor.execute("DROP TABLE IF EXISTS core_auditpurgeguard")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_chain"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(
                fields=("chain", "seq"), name="core_audit_chain_seq"
            ),
        ),
        # Last: on SQLite, altering the table rebuilds it and would drop the triggers.
        migrations.RunPython(create_triggers, drop_triggers),
    ]
