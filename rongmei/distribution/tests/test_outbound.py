"""Connectors call only their platform's hosts: loopback, link-local, private addresses
and redirects elsewhere are refused with a Chinese message, before anything is sent."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from django.core.exceptions import ValidationError

from rongmei.distribution import credentials
from rongmei.distribution.clients import ConnectorError
from rongmei.distribution.clients.outbound import (
    GuardedSession,
    OutboundRefused,
    _CheckedAdapter,
    check_url,
)
from rongmei.distribution.clients.wechat import WeChatConnector
from rongmei.distribution.models import Channel, Platform
from rongmei.distribution.services import channel_create, channel_update
from rongmei.distribution.tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db

WECHAT_HOSTS = WeChatConnector.allowed_hosts


class _Handler(BaseHTTPRequestHandler):
    """`/go?to=URL` answers 302 to URL; anything else 200 {"errcode": 0}; counts requests."""

    def do_GET(self):
        self.server.seen.append(self.path)
        if self.path.startswith("/go?to="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"errcode": 0}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _refused(call) -> OutboundRefused:
    with pytest.raises(OutboundRefused) as caught:
        call()
    assert not caught.value.retryable
    return caught.value


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "127.0.0.1"),
        ("169.254.169.254", "169.254.169.254"),
        ("10.1.2.3", "10.1.2.3"),
        ("192.168.0.1", "192.168.0.1"),
        ("224.0.0.1", "224.0.0.1"),
        ("[::1]", "::1"),
    ],
)
def test_a_platform_host_at_an_internal_address_is_refused(settings, host, address):
    settings.RONGMEI_OUTBOUND_ALLOW = []
    name = host.strip("[]")
    error = _refused(lambda: GuardedSession((name,)).get(f"https://{host}/cgi-bin/token"))
    assert "内部或保留地址" in error.message
    if name != "localhost":
        assert address in error.message


def test_a_host_outside_the_platform_and_plain_http_are_refused(settings):
    settings.RONGMEI_OUTBOUND_ALLOW = []
    error = _refused(lambda: check_url("https://evil.example.org/x", WECHAT_HOSTS))
    assert "不是该平台的接口域名" in error.message
    assert "api.weixin.qq.com" in error.message
    error = _refused(lambda: check_url("http://api.weixin.qq.com/x", WECHAT_HOSTS))
    assert "https://" in error.message
    # A suffix or prefix of an allowed host is not that host.
    _refused(lambda: check_url("https://api.weixin.qq.com.evil.example/x", WECHAT_HOSTS))
    _refused(lambda: check_url("https://evilapi.weixin.qq.com/x", WECHAT_HOSTS))
    check_url("https://sh.api.weixin.qq.com/cgi-bin/token", WECHAT_HOSTS, resolve=False)


def test_the_connected_address_is_checked_too(settings, server):
    """The socket's peer is checked after connecting, before sending (DNS rebinding)."""
    settings.RONGMEI_OUTBOUND_ALLOW = []
    session = requests.Session()
    session.mount("http://", _CheckedAdapter())
    error = _refused(lambda: session.get(server.url + "/cgi-bin/token", timeout=5))
    assert "127.0.0.1" in error.message
    assert server.seen == []


def test_a_redirect_to_the_metadata_address_is_refused(settings, server):
    settings.RONGMEI_OUTBOUND_ALLOW = ["127.0.0.1"]
    session = GuardedSession(WECHAT_HOSTS)
    ok = session.get(f"{server.url}/go?to={server.url}/cgi-bin/token", timeout=5)
    assert ok.json() == {"errcode": 0}
    error = _refused(
        lambda: session.get(
            f"{server.url}/go?to=http://169.254.169.254/latest/meta-data/", timeout=5
        )
    )
    assert "https://" in error.message
    # Allowed by name but internal by address: refused all the same.
    session = GuardedSession(("169.254.169.254", *WECHAT_HOSTS))
    error = _refused(
        lambda: session.get(
            f"{server.url}/go?to=https://169.254.169.254/latest/meta-data/", timeout=5
        )
    )
    assert "169.254.169.254" in error.message
    assert server.seen == [
        f"/go?to={server.url}/cgi-bin/token",
        "/cgi-bin/token",
        "/go?to=http://169.254.169.254/latest/meta-data/",
        "/go?to=https://169.254.169.254/latest/meta-data/",
    ]


def test_the_wechat_connector_refuses_an_internal_api_base(settings, center, server):
    settings.RONGMEI_OUTBOUND_ALLOW = []
    channel = ChannelFactory(center=center, platform=Platform.WECHAT, api_base=server.url)
    credentials.credentials_set(channel=channel, data={"appid": "wx1", "secret": "s"}, by=None)
    with pytest.raises(ConnectorError) as caught:
        WeChatConnector(channel)._send("POST", "/cgi-bin/stable_token", json={})
    assert isinstance(caught.value, OutboundRefused)
    assert "https://" in caught.value.message
    assert server.seen == []


@pytest.mark.parametrize(
    "api_base",
    ["http://169.254.169.254/", "https://127.0.0.1:8443", "https://weixin.example.org"],
)
def test_a_channel_with_another_api_address_is_not_saved(settings, center, api_base):
    settings.RONGMEI_OUTBOUND_ALLOW = []
    with pytest.raises(ValidationError) as caught:
        channel_create(
            by=None, center=center, name="示范县发布", platform=Platform.WECHAT, api_base=api_base
        )
    assert "api_base" in caught.value.message_dict
    assert not Channel.objects.filter(center=center).exists()
    channel = channel_create(by=None, center=center, name="示范县发布", platform=Platform.WECHAT)
    with pytest.raises(ValidationError):
        channel_update(by=None, channel=channel, api_base=api_base)
    channel.refresh_from_db()
    assert channel.api_base == ""
    channel_update(by=None, channel=channel, api_base="https://sz.api.weixin.qq.com")
    channel.refresh_from_db()
    assert channel.api_base == "https://sz.api.weixin.qq.com"
