"""Template filters of the statistics pages."""

from django import template

register = template.Library()


@register.filter
def figure(value):
    """A count with thousands separators (15212086 → 15,212,086); anything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"
