"""The request being served, so that services can record where an action came from."""

from contextvars import ContextVar

from django.http import HttpRequest

current_request: ContextVar[HttpRequest | None] = ContextVar(
    "rongmei_current_request", default=None
)
