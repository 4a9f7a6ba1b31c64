"""Fixtures of the distribution tests: the local WeChat API server."""

import pytest

from .wechat_server import WeChatServer


@pytest.fixture
def wechat_server():
    """A local WeChat API on 127.0.0.1 (random port); `.state` holds its knobs and counts."""
    server = WeChatServer().start()
    yield server
    server.stop()
