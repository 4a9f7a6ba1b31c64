from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "rongmei.distribution"
    label = "distribution"
    verbose_name = _("渠道发布")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from wagtail import hooks

        from .publishing import site_views_record

        post_migrate.connect(_install_rollup, sender=self)
        # The site counts its readers (website, above us); the figures are ours.
        hooks.register("rongmei_site_views_counted", site_views_record)


def _install_rollup(sender, using, **kwargs) -> None:
    """Put back the rollup triggers a migration rebuilding the table may have dropped."""
    from django.db import connections

    from . import rollup

    connection = connections[using]
    if rollup.DAY in connection.introspection.table_names():
        rollup.install(connection)
