"""Factories of outside outlets and adoptions."""

import datetime as dt

import factory

from rongmei.core.tests.factories import CenterFactory
from rongmei.outreach.models import Adoption, Outlet, OutletLevel, Placement


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("center", "name")

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"媒体{n}")
    level = OutletLevel.CENTRAL
    parent = None


class AdoptionFactory(factory.django.DjangoModelFactory):
    """An adoption; pass `campaigns=[...]` to tag it."""

    class Meta:
        model = Adoption
        skip_postgeneration_save = True

    center = factory.SubFactory(CenterFactory)
    outlet = factory.SubFactory(OutletFactory, center=factory.SelfAttribute("..center"))
    date = dt.date(2021, 6, 1)
    title = factory.Sequence(lambda n: f"外宣稿件{n}")
    placement = Placement.OTHER

    @factory.post_generation
    def campaigns(self, create, extracted, **kwargs):
        if create and extracted:
            self.campaigns.add(*extracted)


# Smallest valid evidence files of each kind, for upload tests.
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence_png(name="头版截图.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def submission_for(center, by, outlets, title="我县创卫工作取得新成效", **kwargs):
    from rongmei.outreach.services import submission_create

    return submission_create(
        by=by, center=center, outlets=outlets, date=kwargs.pop("date", dt.date(2021, 6, 1)),
        title=title, **kwargs,
    )  # fmt: skip
