"""Fetching the article behind a link a chat user pasted, without becoming a proxy into our network.

Server-side request forgery is the risk: a link to 169.254.169.254 or to a name that resolves to
10.0.0.5 would make the service read what only it can reach. So, for the first request and every
redirect: only http(s); the host is resolved and *every* address must be public (or explicitly
allowed by `chat_allow_hosts`); the connection goes to the address we vetted, never to a second
lookup an attacker's DNS could answer differently (TLS still checks the certificate against the
name, through `sni_hostname`). Size, time and content type are capped. Each refusal says why.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import anyio
import httpx
import trafilatura

from service.chat.http import async_client
from service.config import Settings
from service.errors import LinkRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]

MAX_REDIRECTS = 5
ACCEPTED_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
METADATA_ADDRESSES = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack...
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
}
USER_AGENT = "Sourced/0.1 (summarizes a link a chat user pasted)"


@dataclass(frozen=True)
class Article:
    url: str
    text: str
    title: str | None
    published_at: str | None


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def parse_allowed(spec: str) -> list[IPNetwork]:
    """`chat_allow_hosts`: comma-separated addresses or networks, e.g. `127.0.0.1,10.1.0.0/16`."""
    return [
        ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip()
    ]


NAT64_NETWORKS = (
    ipaddress.ip_network("64:ff9b::/96"),  # RFC 6052's well-known prefix
    ipaddress.ip_network("64:ff9b:1::/48"),  # RFC 8215's local-use prefix
)
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")  # the deprecated ::a.b.c.d form


def embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address reaches through a translator or tunnel.

    IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), 6to4 (2002:AABB:CCDD::),
    NAT64 (64:ff9b::a.b.c.d) and Teredo (2001:0::, server and client) each carry one, and a
    router would deliver to it: `[2002:7f00:1::]` is 127.0.0.1 for a host with a 6to4 relay.
    """
    found = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)
    low32 = ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)
    if any(address in net for net in NAT64_NETWORKS):
        found.append(low32)
    if address in IPV4_COMPATIBLE and int(address) > 1:  # not :: or ::1 (checked as they are)
        found.append(low32)
    return found


def why_refused(address: IPAddress, allowed: list[IPNetwork]) -> str | None:
    """None if we may connect to `address`; otherwise what kind of address it is."""
    if any(address in network for network in allowed):
        return None
    if isinstance(address, ipaddress.IPv6Address):
        for embedded in embedded_ipv4(address):
            if (reason := why_refused(embedded, allowed)) is not None:
                return f"{reason} (embedded in an IPv6 address)"
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for kind, flag in (
        ("a loopback address", address.is_loopback),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("an unspecified address", address.is_unspecified),
        ("a reserved address", address.is_reserved),
        ("a private network address", address.is_private),
    ):
        if flag:
            return kind
    if not address.is_global:
        return "not a public internet address"
    return None


@dataclass
class LinkFetcher:
    """Fetches and extracts articles under the rules above. `transport` and `resolver` are seams."""

    settings: Settings
    resolver: Resolver = system_resolver
    transport: httpx.AsyncBaseTransport | None = None

    async def fetch_article(self, url: str) -> Article:
        timeout = self.settings.chat_fetch_timeout_s
        try:
            async with asyncio.timeout(timeout):
                final_url, content_type, body, charset = await self._fetch(url)
        except TimeoutError:
            raise LinkRefused(
                f"Reading {_shown(url)} took longer than {timeout:g} s, so it was abandoned."
            ) from None
        if content_type == "text/plain":
            text = _decode(body, charset)
            title = published = None
        else:
            extracted = await anyio.to_thread.run_sync(_extract, body, final_url)
            text, title, published = extracted
        if not text:
            raise LinkRefused(f"No article text could be found at {_shown(final_url)}.")
        return Article(url=final_url, text=text, title=title, published_at=published)

    async def _fetch(self, url: str) -> tuple[str, str, bytes, str | None]:
        allowed = parse_allowed(self.settings.chat_allow_hosts)
        async with async_client(
            transport=self.transport,
            trust_env=False,  # a proxy would connect somewhere we did not vet
            follow_redirects=False,  # every hop is vetted here instead
            timeout=self.settings.chat_fetch_timeout_s,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9"},
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                target = _parse(url)
                address = await self._vetted_address(target, allowed)
                pinned = target.copy_with(host=str(address))
                headers = {"Host": target.netloc.decode("ascii")}
                name = target.raw_host.decode("ascii")  # IDNA-encoded, as DNS and TLS want it
                extensions = {"sni_hostname": name} if target.scheme == "https" else {}
                request = client.build_request(
                    "GET", pinned, headers=headers, extensions=extensions
                )
                try:
                    response = await client.send(request, stream=True)
                except httpx.HTTPError as exc:
                    raise LinkRefused(
                        f"Could not read {_shown(url)}: {type(exc).__name__}."
                    ) from None
                try:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        if not location:
                            raise LinkRefused(f"{_shown(url)} redirects without saying where.")
                        url = urljoin(url, location)
                        continue
                    content_type, body = await self._read(url, response)
                    return url, content_type, body, response.charset_encoding
                finally:
                    await response.aclose()
        raise LinkRefused(f"The link redirects more than {MAX_REDIRECTS} times; giving up.")

    async def _vetted_address(self, target: httpx.URL, allowed: list[IPNetwork]) -> IPAddress:
        host = target.raw_host.decode("ascii")
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                found = await self.resolver(host, target.port or _default_port(target.scheme))
            except OSError:
                raise LinkRefused(f"The host {host} could not be found.") from None
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
        if not addresses:
            raise LinkRefused(f"The host {host} could not be found.")
        for address in addresses:
            reason = why_refused(address, allowed)
            if reason is not None:
                raise LinkRefused(
                    f"Links to {host} are refused: it points to {reason} ({address}), "
                    "which this service does not read on anyone's behalf."
                )
        return addresses[0]

    async def _read(self, url: str, response: httpx.Response) -> tuple[str, bytes]:
        if response.status_code >= 400:
            raise LinkRefused(f"{_shown(url)} answered HTTP {response.status_code}.")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise LinkRefused(
                f"{_shown(url)} is {content_type or 'of no declared type'}, "
                "not a web page or plain text."
            )
        limit = self.settings.chat_fetch_max_bytes
        too_big = LinkRefused(f"{_shown(url)} is larger than {limit:,} bytes, the limit.")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_big
        body = bytearray()
        async for chunk in response.aiter_bytes():  # decoded bytes: a zip bomb stops here too
            body.extend(chunk)
            if len(body) > limit:
                raise too_big
        return content_type, bytes(body)


def _parse(url: str) -> httpx.URL:
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL:
        raise LinkRefused("That link is not a valid URL.") from None
    if target.scheme not in ("http", "https"):
        raise LinkRefused(
            f"Only http and https links can be read, not {target.scheme or 'this'} links."
        )
    if not target.host:
        raise LinkRefused("That link has no host name.")
    return target


def _decode(body: bytes, charset: str | None) -> str:
    try:
        return body.decode(charset or "utf-8", errors="replace").strip()
    except LookupError:  # a charset Python doesn't know
        return body.decode("utf-8", errors="replace").strip()


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _shown(url: str) -> str:
    """A link as we name it in messages: short, without credentials or query."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "the link"
    shown = f"{parsed.scheme}://{parsed.netloc.decode('ascii', 'replace').rpartition('@')[2]}"
    path = parsed.path if len(parsed.path) <= 60 else parsed.path[:57] + "..."
    return shown + path


def _extract(html: bytes, url: str) -> tuple[str, str | None, str | None]:
    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return "", None, None
    fields = document if isinstance(document, dict) else document.as_dict()
    text, title, date = (fields.get(name) for name in ("text", "title", "date"))
    return (text or "").strip(), title or None, date or None
