"""Outbound calls of the connectors: only to the hosts of their platform (no SSRF).

A channel's `api_base` is typed by staff, so a connector must not call whatever it
names. Each connector declares `allowed_hosts`, the platform's documented API hosts;
`session(connector)` gives it a `requests.Session` that refuses, with a Chinese
`OutboundRefused`, before any byte is sent:

- a URL whose host is not one of those, or whose scheme is not https;
- a host that resolves to a loopback, private, link-local (169.254.0.0/16, the cloud
  metadata address 169.254.169.254 included), multicast, reserved or unspecified
  address — checked again on the socket actually connected, so a DNS answer that changes
  between the check and the connection (rebinding) is refused too;
- a redirect to any URL that fails the same checks (each hop is checked).

Hosts listed in `RONGMEI_OUTBOUND_ALLOW` are allowed besides, at any address and over
plain HTTP: the stand-in servers of the tests and of development on 127.0.0.1.
Through a proxy (HTTPS_PROXY in the environment), the host name is checked, its address
is the proxy's business.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from . import ConnectorError


class OutboundRefused(ConnectorError):  # noqa: N818
    """The address is not one the connector may call; retrying cannot help."""

    retryable = False


def _explicitly_allowed(host: str) -> bool:
    allowed = {h.strip().lower().strip("[]") for h in settings.RONGMEI_OUTBOUND_ALLOW}
    return host.lower().strip("[]") in allowed


def address_refused(address: str) -> bool:
    """True for an address no connector may reach: loopback, private, link-local…"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _refused_address_message(host: str, address: str) -> str:
    return _(
        "接口地址 %(host)s 指向内部或保留地址 %(address)s（本机、内网、链路本地或组播），"
        "不允许连接。"
    ) % {"host": host, "address": address}


def check_url(url: str, allowed_hosts: tuple[str, ...], *, resolve: bool = True) -> None:
    """Raise `OutboundRefused` unless `url` may be called by a connector of those hosts."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        raise OutboundRefused(_("接口地址 %(url)s 无效。") % {"url": url}, code="bad_url")
    if _explicitly_allowed(host):
        if parts.scheme not in ("http", "https"):
            raise OutboundRefused(
                _("接口地址必须以 https:// 开头：%(url)s") % {"url": url}, code="scheme"
            )
        return
    if parts.scheme != "https":
        raise OutboundRefused(
            _("接口地址必须以 https:// 开头：%(url)s") % {"url": url}, code="scheme"
        )
    if host not in allowed_hosts:
        raise OutboundRefused(
            _("接口地址 %(host)s 不是该平台的接口域名，允许的域名：%(hosts)s。")
            % {"host": host, "hosts": "、".join(allowed_hosts) or "—"},
            code="host",
        )
    if not resolve:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return  # the connection fails by itself, with the connector's own message
    for info in infos:
        address = str(info[4][0])
        if address_refused(address):
            raise OutboundRefused(_refused_address_message(host, address), code="address")


class _PeerCheck:
    """Checks the address of the socket just connected, before anything is sent."""

    def _new_conn(self):
        sock = super()._new_conn()  # type: ignore[misc]
        through_proxy = getattr(self, "proxy", None) is not None
        if not through_proxy and not _explicitly_allowed(self.host):  # type: ignore[attr-defined]
            address = str(sock.getpeername()[0])
            if address_refused(address):
                sock.close()
                raise OutboundRefused(
                    _refused_address_message(self.host, address),  # type: ignore[attr-defined]
                    code="address",
                )
        return sock


class _CheckedHTTPConnection(_PeerCheck, HTTPConnection):
    pass


class _CheckedHTTPSConnection(_PeerCheck, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


class GuardedSession(requests.Session):
    """A session whose every request and redirect hop passes `check_url`."""

    def __init__(self, allowed_hosts: tuple[str, ...]):
        super().__init__()
        self.allowed_hosts = tuple(h.lower() for h in allowed_hosts)
        self.max_redirects = 3
        adapter = _CheckedAdapter()
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(self, method, url, *args, **kwargs):
        check_url(url, self.allowed_hosts)
        return super().request(method, url, *args, **kwargs)

    def get_redirect_target(self, resp):
        target = super().get_redirect_target(resp)
        if target:
            check_url(urljoin(resp.url, target), self.allowed_hosts)
        return target


def session(connector) -> GuardedSession:
    """The session a connector calls its platform with."""
    return GuardedSession(tuple(type(connector).allowed_hosts))


def api_base_check(channel) -> None:
    """A channel's interface address, when it is saved: a `ValidationError` on `api_base`
    unless its connector may call it (host and scheme; the address is checked per call)."""
    from django.core.exceptions import ValidationError

    from . import connector_for

    if not channel.api_base:
        return
    cls = type(connector_for(channel))
    if cls.manual or cls.immediate:
        return  # no network: the address is not used
    try:
        check_url(channel.api_base, tuple(cls.allowed_hosts), resolve=False)
    except OutboundRefused as exc:
        raise ValidationError({"api_base": exc.message}) from exc
