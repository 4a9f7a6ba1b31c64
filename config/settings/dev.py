"""Local development: debug on unless the environment says otherwise."""

from config.env import env

from .base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Stand-in platform servers of development (and of the worker tests) run on this machine.
RONGMEI_OUTBOUND_ALLOW = env.list("RONGMEI_OUTBOUND_ALLOW", default=["127.0.0.1", "localhost"])
