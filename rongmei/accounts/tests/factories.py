import factory

from rongmei.accounts.models import Department, User
from rongmei.accounts.services import staff_create
from rongmei.core.tests.factories import CenterFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"部门{n}")


_seq = iter(range(10**9))


def make_staff(center, *roles: str, username: str | None = None, department=None):
    """A staff member of `center` with `roles`, created through the real service."""
    username = username or f"staff{next(_seq)}"
    membership = staff_create(
        center=center,
        username=username,
        password="pass-1234",
        display_name=username,
        roles=roles,
        department=department,
    )
    return membership.user
