"""`{% csp_nonce_attr %}`: ` nonce="…"` for an inline `<script>`, with the response's nonce.

Works in templates rendered without the request (form widgets, Wagtail panels): the
nonce is read from the request being served (`core.context.current_request`).
"""

from django import template

from ..csp import nonce_attr

register = template.Library()


@register.simple_tag(takes_context=True)
def csp_nonce_attr(context):
    return nonce_attr(context.get("request"))
