"""The client's address, as far as it can be trusted.

The peer of the connection (`REMOTE_ADDR`) is the client unless it is one of the
reverse proxies listed in `RONGMEI_TRUSTED_PROXIES` (addresses or networks, empty by
default). Only then is `X-Forwarded-For` read, by django-ipware, from the right: every
trailing hop that is itself a trusted proxy is skipped and the next one is the client.
Whatever a client writes into the header itself stays to the left of that hop and is
never used, so neither the audit log nor the tip-off rate limit can be fooled by it.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # A wrong entry fails loudly here rather than trusting or ignoring a proxy quietly.
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    entries = getattr(settings, "RONGMEI_TRUSTED_PROXIES", ()) or ()
    return _networks(tuple(e for e in entries if e.strip()))


def _trusted(ip, networks: tuple[Network, ...]) -> bool:
    return any(ip.version == net.version and ip in net for net in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from; None without a request or a usable peer."""
    if request is None:
        return None
    peer = parse_ip(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    networks = trusted_proxies()
    if not _trusted(peer, networks):
        return str(peer)
    # Strict: a header with one malformed hop is not read at all (the proxy is then
    # the address recorded, which nobody outside can choose).
    chain = split_proxy_chain(request.META.get(FORWARDED_HEADER, ""), True) or []
    proxies = 0
    for hop in reversed(chain):
        if not _trusted(hop, networks):
            break
        proxies += 1
    if proxies == len(chain):
        # Nothing but our own proxies (or no header): the first of them is the client.
        return str(chain[0]) if chain else str(peer)
    ip, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies,
        request_header_order=(FORWARDED_HEADER,),
        strict=False,
    )
    return ip or str(peer)
