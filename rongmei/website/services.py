"""Website owns the public site: the page tree of each center's site."""

from django.db import transaction
from wagtail.models import Page, Site

from rongmei.core.models import Center

from .models import HomePage


@transaction.atomic
def site_home_ensure(*, center: Center, hostname: str = "127.0.0.1", port: int = 8000) -> HomePage:
    """Give `center` a public home page and make it the default site's root (idempotent)."""
    home = HomePage.objects.filter(center=center).first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title=center.name, slug=f"home-{center.code}", center=center)
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=center.name,
        )
    elif site.root_page_id != home.pk and not isinstance(site.root_page.specific, HomePage):
        site.root_page = home
        site.site_name = center.name
        site.save()
    return home
