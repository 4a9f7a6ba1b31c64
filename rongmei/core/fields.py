"""Model fields of the kernel: text encrypted at rest (see `core.crypto`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a `core.crypto` token and read back as plain text.

    The AAD is `<app label>.<Model>.<field>`, so a token is valid only where it was
    written. Empty text is stored empty (a blank contact stays visibly blank). A value
    that is not a token (a row written before the column was encrypted) reads as it is
    until its migration or `keys_rotate` encrypts it.

    An encrypted column cannot be searched or compared: only `isnull` and `exact`
    lookups against the empty string work. `sensitive` tells the audit log to record a
    masked value with a keyed digest instead of the text (`core.audit.snapshot`).
    """

    encrypted = True
    sensitive = True
    description = "Text encrypted at rest"

    def __init__(self, *args: Any, mask: str = "contact", **kwargs: Any):
        # How the audit log and listings mask the value: "contact", "name" or "text".
        self.mask = mask
        super().__init__(*args, **kwargs)
        # Unlike TextField, a max_length is a rule on the text (the token is longer).
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def formfield(self, **kwargs):
        if self.max_length is not None and self.max_length <= 255:
            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.mask != "contact":
            kwargs["mask"] = self.mask
        return name, path, args, kwargs

    @property
    def aad(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "" or not crypto.is_token(value):
            return value
        return crypto.decrypt_text(value, aad=self.aad)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt_text(str(value), aad=self.aad)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("exact", "isnull"):
            return None
        return super().get_lookup(lookup_name)


# -- for data migrations ----------------------------------------------------------------


def encrypt_existing(app_label: str, model_name: str, *fields: str):
    """A `RunPython` forwards function encrypting `fields` of every stored row.

    Rows are read through the (historical) model, whose encrypted field reads plain text
    as it is, and written back through it, which encrypts; running it again re-encrypts
    under the current key and changes nothing visible.
    """

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        for row in manager.only("pk", *fields).iterator(chunk_size=500):
            values = {f: getattr(row, f) for f in fields if getattr(row, f)}
            if values:
                manager.filter(pk=row.pk).update(**values)

    return forwards


def decrypt_existing(app_label: str, model_name: str, *fields: str):
    """The reverse of `encrypt_existing`: writes the plain text back (raw SQL)."""

    def backwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        manager = model._base_manager.using(connection.alias)
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        pk = quote(model._meta.pk.column)
        with connection.cursor() as cursor:
            for row in manager.only("pk", *fields).iterator(chunk_size=500):
                for f in fields:
                    column = quote(model._meta.get_field(f).column)
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                        [getattr(row, f) or "", row.pk],
                    )

    return backwards


def create_permission(apps, app_label: str, model_name: str, codename: str, name: str) -> None:
    """Create a model's custom permission (before `grant_role_permissions` gives it out:
    Django makes Meta permissions only after all migrations have run)."""
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    ct, _ = content_type_model.objects.get_or_create(app_label=app_label, model=model_name)
    permission_model.objects.get_or_create(
        content_type=ct, codename=codename, defaults={"name": name}
    )
