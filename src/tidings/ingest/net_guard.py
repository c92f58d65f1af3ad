"""The SSRF guard: never connect to a private, loopback or otherwise non-public address.

Feeds and pages are URLs that strangers choose, so a URL must not reach the machine's own
services, the LAN or a cloud metadata endpoint. The check runs inside httpcore's network
backend, at connect time, after DNS resolution: every connection (the first request and
each redirect hop) is checked, and we connect to the very address we checked, so a DNS
answer that changes between check and connect (rebinding) cannot slip through. TLS still
verifies the URL's host name, which httpcore passes to ``start_tls`` separately.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from urllib.parse import unquote, urljoin, urlsplit

import anyio
import httpcore
import httpx

from tidings.errors import BlockedAddress, FetchError

__all__ = [
    "AddressPolicy",
    "GuardedBackend",
    "Resolver",
    "check_host",
    "check_redirect",
    "check_url",
    "guarded_transport",
    "obfuscated_ipv4",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_LOOPBACKS = (ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1"))
# Forms inet_aton (and so getaddrinfo) reads as IPv4 although they are not dotted quads:
# 2130706433, 0177.0.0.1, 0x7f.0.0.1, 127.1.
_NUMERIC_HOST = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?", re.I)
# Connecting tries at most this many of a name's addresses, so one slow name cannot hold
# a worker for many connect timeouts.
_MAX_ATTEMPTS = 3


def obfuscated_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a numeric host such as ``2130706433`` or ``0x7f.1`` stands for."""
    if not _NUMERIC_HOST.fullmatch(host):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
    except (OSError, ValueError):
        return None


def check_url(url: str) -> None:
    """Refuse, before any DNS, non-HTTP schemes and hosts spelled as disguised numbers."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError as exc:
        raise FetchError(f"invalid URL: {exc}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedAddress(f"refusing {url!r}: only http and https URLs are fetched", url=url)
    check_host(host, url=url)


def check_host(host: str, *, url: str | None = None) -> None:
    """Refuse a host spelled as a disguised number (``2130706433``, ``0177.0.0.1``, ``127.1``).

    The same rule for a first URL, every redirect hop and every connection.
    """
    numeric = obfuscated_ipv4(host)
    if numeric is not None and str(numeric) != host.rstrip("."):
        # No publisher writes these; attackers do, to slip past checks on dotted quads.
        raise BlockedAddress(
            f"refusing to connect to {numeric}: host {host!r} is a disguised IPv4 address",
            url=url,
        )


async def check_redirect(response: httpx.Response) -> None:
    """An httpx response hook: a redirect's Location must pass ``check_url`` like the first
    URL, and before httpx parses it (httpx refuses some disguised hosts, ``0177.0.0.1``,
    with an error of its own)."""
    location = response.headers.get("Location")
    if response.has_redirect_location and location is not None:
        check_url(urljoin(str(response.url), location))


def _literal_addresses(host: str) -> list[IPAddress]:
    """Addresses a host names without DNS: IP literals, numeric forms, localhost names."""
    host = unquote(host).strip("[]").lower()
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    numeric = obfuscated_ipv4(host)
    if numeric is not None:
        return [numeric]
    # RFC 6761: localhost names are loopback whatever a resolver might say.
    name = host.rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return list(_LOOPBACKS)
    return []


def _embedded_ipv4(address: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries traffic to, if it is a transition form."""
    if address.ipv4_mapped is not None:
        return "IPv4-mapped", address.ipv4_mapped
    if address in _NAT64:
        return "NAT64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return "6to4", address.sixtofour
    if address.teredo is not None:
        return "Teredo", address.teredo[1]
    return None


def _why_not_public(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address, or None when it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            form, inner = embedded
            reason = _why_not_public(inner)
            if reason is not None:
                return f"{form} form of {inner}, a {reason} address"
            if form in ("IPv4-mapped", "NAT64"):
                # These reach exactly the embedded address, which is public.
                return None
        if address.is_site_local:
            return "site-local"
    # is_global alone is not enough on Python 3.11: it calls multicast and some reserved
    # addresses global, so the specific tests come first (they also name the reason).
    for test, label in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private or special-purpose"),
        ("is_reserved", "reserved"),
    ):
        if getattr(address, test):
            return label
    if not address.is_global:
        return "non-global (shared or special-purpose)"
    return None


class AddressPolicy:
    """Which addresses may be contacted: public ones, plus the operator's allowed networks."""

    def __init__(self, allowed_networks: Iterable[str] = ()) -> None:
        self.allowed = [ipaddress.ip_network(cidr, strict=False) for cidr in allowed_networks]

    def _is_allowed(self, address: IPAddress) -> bool:
        candidates: list[IPAddress] = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        # Compare like with like: ip_network.__contains__ does not check the version.
        return any(a in net for a in candidates for net in self.allowed if a.version == net.version)

    def refusal(self, address: IPAddress) -> str | None:
        """Why ``address`` must not be contacted, or None when it may be."""
        if self._is_allowed(address):
            return None
        reason = _why_not_public(address)
        return None if reason is None else f"{reason} address"

    def check(self, address: IPAddress, *, host: str) -> None:
        """Raise ``BlockedAddress`` naming ``address`` when it must not be contacted."""
        reason = self.refusal(address)
        if reason is not None:
            shown = "" if str(address) == host.strip("[]") else f" (resolved from {host!r})"
            raise BlockedAddress(
                f"refusing to connect to {address}{shown}: {reason}; to allow it, add its "
                "network to TIDINGS_ALLOWED_NETWORKS"
            )


async def system_resolver(host: str, port: int) -> Sequence[str]:
    """Resolve ``host`` with the system's getaddrinfo, off the event loop."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that resolves, checks, then connects to the checked IP."""

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to ``host`` only if every address it resolves to is allowed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        check_host(host)  # again here, for requests that do not come through fetch()
        addresses = _literal_addresses(host) or await self._resolve(host, port, timeout)
        # Refuse when any answer is blocked: a name that mixes public and private answers
        # is someone probing, not a publisher.
        for address in addresses:
            self.policy.check(address, host=host)
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses[:_MAX_ATTEMPTS]:
            target = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await self.inner.connect_tcp(
                    str(target or address),
                    port,
                    timeout=left,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        try:
            with anyio.fail_after(timeout):
                answers = await self.resolver(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} timed out") from exc
        except (OSError, UnicodeError, ValueError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses: list[IPAddress] = []
        for answer in answers:
            try:
                addresses.append(ipaddress.ip_address(answer))
            except ValueError as exc:
                raise httpcore.ConnectError(f"{host} resolved to {answer!r}") from exc
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Unix sockets are local by definition: always refused."""
        raise BlockedAddress(f"refusing to connect to the unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        """Delegate httpcore's retry back-off sleeps."""
        await self.inner.sleep(seconds)


def guarded_transport(
    policy: AddressPolicy, *, limits: httpx.Limits, resolver: Resolver | None = None
) -> httpx.AsyncHTTPTransport:
    """An httpx transport whose every connection goes through ``GuardedBackend``."""
    transport = httpx.AsyncHTTPTransport(trust_env=False, limits=limits)
    # httpx has no public hook for the network backend; swapping the pool it built is the
    # smallest change, and keeps httpx's request and exception mapping as they are.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=GuardedBackend(policy, resolver=resolver),
    )
    return transport
