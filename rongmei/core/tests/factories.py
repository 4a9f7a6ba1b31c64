import factory

from rongmei.core.models import Center


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{632200 + n:06d}")
    name = factory.Sequence(lambda n: f"测试{n}县融媒体中心")
