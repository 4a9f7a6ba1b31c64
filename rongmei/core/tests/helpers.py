"""Small helpers the apps' tests share: signing in to work in a center, audit lookups."""

from rongmei.core.middleware import SESSION_KEY
from rongmei.core.models import AuditEntry


def work_in(client, user, center):
    """Sign `user` in with `center` as the current center (the switcher's choice)."""
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = center.pk
    session.save()
    return user


def audited(obj, action):
    """The audit entries of `obj` with `action` (create, update, delete, transition…)."""
    return AuditEntry.objects.filter(
        object_type=obj._meta.label, object_id=str(obj.pk), action=action
    )
