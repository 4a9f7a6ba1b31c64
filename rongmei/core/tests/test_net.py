"""The client address: the connection's peer, unless that peer is a trusted proxy."""

import pytest
from django.test import RequestFactory

from rongmei.core.audit import audit_record
from rongmei.core.models import AuditAction, AuditEntry
from rongmei.core.net import client_ip


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.RONGMEI_TRUSTED_PROXIES = []
    assert client_ip(_request(forwarded="1.2.3.4")) == "203.0.113.9"
    assert client_ip(_request(forwarded="1.2.3.4, 5.6.7.8")) == "203.0.113.9"


def test_a_peer_outside_the_trusted_proxies_is_the_client(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request(remote="198.51.100.7", forwarded="1.2.3.4")) == "198.51.100.7"


def test_through_a_trusted_proxy_the_hop_it_added_is_the_client(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request(remote="10.0.0.1", forwarded="198.51.100.7")) == "198.51.100.7"
    # What the client wrote into the header itself stays to the left and is not used.
    assert (
        client_ip(_request(remote="10.0.0.1", forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    )


def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    request = _request(remote="127.0.0.1", forwarded="1.2.3.4, 198.51.100.7, 10.2.3.4")
    assert client_ip(request) == "198.51.100.7"


def test_a_malformed_header_from_a_trusted_proxy_gives_the_proxy(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(_request(remote="10.0.0.1", forwarded="evil, 198.51.100.7")) == "10.0.0.1"
    assert client_ip(_request(remote="10.0.0.1")) == "10.0.0.1"


def test_ipv6_peers_and_proxies(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["fd00::/8"]
    assert client_ip(_request(remote="2001:db8::5", forwarded="1.2.3.4")) == "2001:db8::5"
    assert client_ip(_request(remote="fd00::1", forwarded="2001:db8::7")) == "2001:db8::7"


def test_no_request_or_no_peer_gives_none():
    assert client_ip(None) is None
    assert client_ip(_request(remote="")) is None


def test_a_wrong_proxy_entry_fails_loudly(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["not-an-address"]
    with pytest.raises(ValueError):
        client_ip(_request())


@pytest.mark.django_db
def test_the_audit_log_records_the_peer_not_a_spoofed_header(settings):
    settings.RONGMEI_TRUSTED_PROXIES = []
    audit_record(
        action=AuditAction.LOGIN,
        by=None,
        verb="登录",
        request=_request(remote="203.0.113.9", forwarded="6.6.6.6"),
    )
    assert AuditEntry.objects.get().ip_address == "203.0.113.9"


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_a_trusted_proxy(settings):
    settings.RONGMEI_TRUSTED_PROXIES = ["127.0.0.1"]
    audit_record(
        action=AuditAction.LOGIN,
        by=None,
        verb="登录",
        request=_request(remote="127.0.0.1", forwarded="6.6.6.6, 198.51.100.7"),
    )
    assert AuditEntry.objects.get().ip_address == "198.51.100.7"
