"""The SSRF guard: every attack form is refused with BlockedAddress naming the address."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Iterator, Sequence

import pytest

from tests.localserver import LocalServer, Reply
from tidings.config import Settings
from tidings.errors import BlockedAddress, FetchError
from tidings.ingest.fetch import FetchResult, build_client, fetch
from tidings.ingest.net_guard import AddressPolicy, Resolver, obfuscated_ipv4

# Names a hostile DNS server might answer with; the fake resolver stands in for DNS.
_DNS = {
    "news.example.com": ["127.0.0.1"],
    "rebind.example.com": ["93.184.216.34", "10.0.0.1"],
    "mapped.example.com": ["::ffff:10.0.0.1"],
    "metadata.example.com": ["169.254.169.254"],
    "publisher.test": ["127.0.0.1"],
}


async def _fake_dns(host: str, port: int) -> Sequence[str]:
    if host not in _DNS:
        raise OSError(f"no such name {host}")
    return _DNS[host]


def _get(settings: Settings, url: str, resolver: Resolver | None = _fake_dns) -> FetchResult:
    async def go() -> FetchResult:
        async with build_client(settings, resolver=resolver) as client:
            return await fetch(client, url, max_bytes=10_000)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def shared_server() -> Iterator[LocalServer]:
    server = LocalServer()  # one per module: each server costs half a second to stop
    yield server
    server.close()


@pytest.fixture
def local_server(shared_server: LocalServer) -> LocalServer:
    shared_server.routes.clear()
    shared_server.requests.clear()
    return shared_server


@pytest.fixture
def public_only(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_networks": []})


@pytest.fixture
def one_loopback(settings: Settings) -> Settings:
    return settings.model_copy(update={"allowed_networks": ["127.0.0.1/32"]})


# (URL with {port} for the local server's port, the address the refusal must name).
# Where a form reaches 127.0.0.1 it targets the live test server, so a guard that let it
# through would make the test fail with a real 200, not a connection error.
ATTACKS = [
    ("http://127.0.0.1:{port}/", "127.0.0.1"),
    ("http://localhost:{port}/", "127.0.0.1"),
    ("http://news.localhost:{port}/", "127.0.0.1"),
    ("http://LOCALHOST.:{port}/", "127.0.0.1"),
    ("http://[::1]:{port}/", "::1"),
    ("http://[::ffff:7f00:1]:{port}/", "127.0.0.1"),
    ("http://[::ffff:127.0.0.1]:{port}/", "127.0.0.1"),
    ("http://0.0.0.0:{port}/", "0.0.0.0"),
    ("http://[::]:{port}/", "::"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("http://[fe80::1]/", "fe80::1"),
    ("http://[fc00::1]/", "fc00::1"),
    ("http://[fec0::1]/", "fec0::1"),
    ("http://[ff02::1]/", "ff02::1"),
    ("http://224.0.0.1/", "224.0.0.1"),
    ("http://255.255.255.255/", "255.255.255.255"),
    ("http://100.64.0.1/", "100.64.0.1"),
    ("http://192.0.2.1/", "192.0.2.1"),
    ("http://198.18.0.1/", "198.18.0.1"),
    ("http://240.0.0.1/", "240.0.0.1"),
    ("http://10.0.0.1/", "10.0.0.1"),
    ("http://172.16.0.1/", "172.16.0.1"),
    ("http://192.168.1.1/", "192.168.1.1"),
    ("http://2130706433:{port}/", "127.0.0.1"),
    ("http://0177.0.0.1:{port}/", "127.0.0.1"),
    ("http://0x7f.0.0.1:{port}/", "127.0.0.1"),
    ("http://0x7f000001:{port}/", "127.0.0.1"),
    ("http://127.1:{port}/", "127.0.0.1"),
    ("http://[2002:7f00:1::]/", "127.0.0.1"),  # 6to4
    ("http://[2002:c0a8:101::1]/", "192.168.1.1"),  # 6to4
    ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "127.0.0.1"),  # Teredo
    ("http://[64:ff9b::7f00:1]/", "127.0.0.1"),  # NAT64
    ("http://[64:ff9b::a9fe:a9fe]/", "169.254.169.254"),  # NAT64
    ("http://news.example.com:{port}/", "127.0.0.1"),  # public-looking name
    ("http://rebind.example.com/", "10.0.0.1"),  # one public, one private answer
    ("http://mapped.example.com/", "10.0.0.1"),
    ("http://metadata.example.com/", "169.254.169.254"),
    ("file:///etc/passwd", "file:///etc/passwd"),
    ("gopher://127.0.0.1:{port}/", "gopher://"),
    ("ftp://127.0.0.1:{port}/", "ftp://"),
]


@pytest.mark.parametrize(("url", "named"), ATTACKS)
def test_attack_forms_are_blocked(
    public_only: Settings, local_server: LocalServer, url: str, named: str
) -> None:
    local_server.routes["/"] = Reply(b"secret")
    port = local_server.base.rsplit(":", 1)[1]
    with pytest.raises(BlockedAddress, match="refusing") as blocked:
        _get(public_only, url.format(port=port))
    assert named in str(blocked.value)
    assert local_server.requests == []


REDIRECTS = [
    ("http://127.0.0.2:{port}/", "127.0.0.2"),
    ("http://[::1]:{port}/", "::1"),
    ("http://2130706434:{port}/", "127.0.0.2"),  # numeric form, checked at every hop
    ("http://localhost:{port}/", "::1"),  # localhost is 127.0.0.1 and ::1
    ("http://metadata.example.com/", "169.254.169.254"),
    ("http://[::ffff:a9fe:a9fe]/", "169.254.169.254"),
    ("file:///etc/passwd", "file://"),
]


@pytest.mark.parametrize(("location", "named"), REDIRECTS)
def test_redirects_to_blocked_addresses(
    one_loopback: Settings, local_server: LocalServer, location: str, named: str
) -> None:
    port = local_server.base.rsplit(":", 1)[1]
    local_server.routes["/go"] = Reply(status=302, headers={"Location": location.format(port=port)})
    # 127.0.0.1 itself is allowed: the first hop is served, the redirect is refused.
    with pytest.raises(BlockedAddress, match="refusing") as blocked:
        _get(one_loopback, local_server.url("/go"))
    assert named in str(blocked.value)
    assert blocked.value.url == local_server.url("/go")
    assert [path for _, path, _ in local_server.requests] == ["/go"]


# Hosts that name 127.0.0.1 in disguise; "//" is a Location without a scheme.
DISGUISED = [
    "http://2130706433:{port}/secret",
    "http://0x7f000001:{port}/secret",
    "http://127.1:{port}/secret",
    "http://0177.0.0.1:{port}/secret",
    "http://127.000.000.001:{port}/secret",
    "http://0x7f.1:{port}/secret",
    "//2130706433:{port}/secret",
]


@pytest.mark.parametrize("location", DISGUISED)
def test_disguised_hosts_are_refused_at_every_hop_as_at_the_first(
    settings: Settings, local_server: LocalServer, location: str
) -> None:
    # 127.0.0.0/8 is allowed here, so only the spelling rule keeps these from the server.
    port = local_server.base.rsplit(":", 1)[1]
    location = location.format(port=port)
    local_server.routes["/secret"] = Reply(b"secret")
    local_server.routes["/go"] = Reply(status=302, headers={"Location": location})
    with pytest.raises(BlockedAddress) as first:
        _get(settings, location if location.startswith("http") else "http:" + location)
    with pytest.raises(BlockedAddress) as hop:
        _get(settings, local_server.url("/go"))
    assert str(hop.value) == str(first.value)
    assert "is a disguised IPv4 address" in str(hop.value)
    assert hop.value.url == local_server.url("/go")
    assert [path for _, path, _ in local_server.requests] == ["/go"]


def test_the_connection_itself_refuses_disguised_hosts(settings: Settings) -> None:
    # Requests that do not come through fetch() (a WebSub hub's POST) meet the same rule.
    async def post() -> None:
        async with build_client(settings) as client:
            await client.post("http://2130706433:9/hub", data={"hub.mode": "subscribe"})

    with pytest.raises(BlockedAddress, match="host '2130706433' is a disguised IPv4 address"):
        asyncio.run(post())


def test_allowed_network_connects_to_the_checked_address(
    settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/feed"] = Reply(b"<rss/>")
    port = local_server.base.rsplit(":", 1)[1]
    assert _get(settings, local_server.url("/feed")).body == b"<rss/>"
    # A name goes through the resolver; the request still names the host it asked for.
    result = _get(settings, f"http://publisher.test:{port}/feed")
    assert result.body == b"<rss/>"
    assert local_server.requests[-1][2]["Host"] == f"publisher.test:{port}"


def test_allowed_networks_cover_mapped_and_localhost_forms(
    settings: Settings, local_server: LocalServer
) -> None:
    local_server.routes["/"] = Reply(b"ok")
    port = local_server.base.rsplit(":", 1)[1]
    both = settings.model_copy(update={"allowed_networks": ["127.0.0.0/8", "::1/128"]})
    assert _get(both, f"http://[::ffff:127.0.0.1]:{port}/").body == b"ok"
    assert _get(both, f"http://localhost:{port}/").body == b"ok"


def test_proxy_variables_cannot_route_around_the_guard(
    one_loopback: Settings, local_server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were the environment trusted, this allowed "proxy" would fetch 10.0.0.1 for us.
    local_server.routes["http://10.0.0.1/"] = Reply(b"internal")
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, local_server.base)
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.1"):
        _get(one_loopback, "http://10.0.0.1/")
    assert local_server.requests == []


def test_unresolvable_name_is_a_fetch_error(settings: Settings) -> None:
    with pytest.raises(FetchError, match=r"cannot resolve nowhere\.example") as failed:
        _get(settings, "http://nowhere.example/")
    assert not isinstance(failed.value, BlockedAddress)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "93.184.216.34", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1"],
)
def test_public_addresses_pass(address: str) -> None:
    assert AddressPolicy().refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::ffff:127.0.0.1", "IPv4-mapped form of 127.0.0.1"),
        ("64:ff9b::a00:1", "NAT64 form of 10.0.0.1"),
        ("64:ff9b:1::1", "reserved"),
        ("::7f00:1", "reserved"),  # the deprecated IPv4-compatible form
        ("100.64.0.1", "non-global"),
        ("ff0e::1", "multicast"),
    ],
)
def test_refusals_say_why(address: str, reason: str) -> None:
    refusal = AddressPolicy().refusal(ipaddress.ip_address(address))
    assert refusal is not None and reason in refusal


def test_allowed_networks_do_not_mix_versions() -> None:
    policy = AddressPolicy(["::/0"])
    assert policy.refusal(ipaddress.ip_address("10.0.0.1")) is not None
    assert policy.refusal(ipaddress.ip_address("::1")) is None


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("example.com", None),
        ("1.2.3.4.example", None),
    ],
)
def test_obfuscated_ipv4(host: str, address: str | None) -> None:
    found = obfuscated_ipv4(host)
    assert (str(found) if found else None) == address
