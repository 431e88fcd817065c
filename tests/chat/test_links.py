"""Reading a pasted link: the article comes back; private places are never contacted."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator

import httpx
import pytest

from service.chat.links import LinkFetcher, why_refused
from service.config import Settings
from service.errors import LinkRefused
from service.testing.chat_platform import FakeChatPlatform, Page

ARTICLE = (
    b"<html><head><title>Harbour strike ends after nine days</title></head><body>"
    b"<nav>Home | World | Sport</nav><article><h1>Harbour strike ends after nine days</h1>"
    + b"<p>Dock workers returned on Monday after the union accepted a 6% pay rise. </p>"
    * 8
    + b"<p>The port authority said the backlog would clear within a week.</p></article>"
    b"<footer>Copyright</footer></body></html>"
)


@pytest.fixture
def site() -> Iterator[FakeChatPlatform]:
    with FakeChatPlatform() as platform:
        platform.pages["/news/strike"] = Page(body=ARTICLE)
        platform.pages["/plain.txt"] = Page(content_type="text/plain", body=b"Plain words here.")
        platform.pages["/photo.png"] = Page(content_type="image/png", body=b"\x89PNG....")
        platform.pages["/big"] = Page(body=b"<p>" + b"x" * 5000 + b"</p>")
        platform.pages["/big-unannounced"] = Page(body=b"<p>" + b"y" * 5000 + b"</p>", chunked=True)
        platform.pages["/gone"] = Page(status=410, content_type="text/html", body=b"gone")
        platform.pages["/hop"] = Page(status=302, headers={"Location": "/news/strike"})
        platform.pages["/to-metadata"] = Page(
            status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
        )
        platform.pages["/loop"] = Page(status=301, headers={"Location": "/loop"})
        yield platform


def _fetcher(allow: str = "", **settings: object) -> LinkFetcher:
    return LinkFetcher(Settings(chat_allow_hosts=allow, **settings))  # type: ignore[arg-type]


async def test_an_allowed_local_page_is_fetched_and_its_article_extracted(
    site: FakeChatPlatform,
) -> None:
    article = await _fetcher(allow="127.0.0.1").fetch_article(site.url + "/news/strike")
    assert article.title == "Harbour strike ends after nine days"
    assert "accepted a 6% pay rise" in article.text
    assert "backlog would clear" in article.text
    assert "Copyright" not in article.text  # boilerplate left out


async def test_plain_text_is_taken_as_it_is(site: FakeChatPlatform) -> None:
    article = await _fetcher(allow="127.0.0.1").fetch_article(site.url + "/plain.txt")
    assert article.text == "Plain words here."


async def test_a_redirect_is_followed_when_its_target_is_allowed(site: FakeChatPlatform) -> None:
    article = await _fetcher(allow="127.0.0.1").fetch_article(site.url + "/hop")
    assert article.url == site.url + "/news/strike"
    assert [r.path for r in site.received] == ["/hop", "/news/strike"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-metadata", "cloud metadata address"),
        ("/loop", "redirects more than 5 times"),
        ("/photo.png", "is image/png, not a web page or plain text"),
        ("/big", "larger than 1,000 bytes"),
        ("/big-unannounced", "larger than 1,000 bytes"),
        ("/gone", "answered HTTP 410"),
    ],
)
async def test_refusals_say_why(site: FakeChatPlatform, path: str, message: str) -> None:
    fetcher = _fetcher(allow="127.0.0.1", chat_fetch_max_bytes=1000)
    with pytest.raises(LinkRefused, match=message):
        await fetcher.fetch_article(site.url + path)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_loopback_is_refused_without_a_connection_unless_allowed(
    site: FakeChatPlatform, host: str
) -> None:
    port = site.url.rsplit(":", 1)[1]
    with pytest.raises(LinkRefused, match="loopback address"):
        await _fetcher().fetch_article(f"http://{host}:{port}/news/strike")
    assert site.connections == 0  # not even a TCP handshake
    assert site.received == []


class NoTraffic(httpx.AsyncBaseTransport):
    """Fails the test if the fetcher ever sends a request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        raise AssertionError(f"a request was sent to {request.url.host}")


def _resolving_to(*addresses: str):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


@pytest.mark.parametrize(
    ("addresses", "kind"),
    [
        (["10.0.0.5"], "private network"),
        (["192.168.1.1"], "private network"),
        (["172.16.3.4"], "private network"),
        (["127.0.0.1"], "loopback"),
        (["::1"], "loopback"),
        (["169.254.169.254"], "cloud metadata"),
        (["fd00:ec2::254"], "cloud metadata"),
        (["169.254.10.1"], "link-local"),
        (["fe80::1"], "link-local"),
        (["224.0.0.1"], "multicast"),
        (["0.0.0.0"], "unspecified"),
        (["240.0.0.1"], "reserved"),
        (["100.64.0.1"], "not a public internet address"),
        (["::ffff:10.0.0.1"], "private network"),
        (["93.184.215.14", "10.0.0.5"], "private network"),  # one bad answer is enough
    ],
)
async def test_private_addresses_are_refused_without_sending_traffic(
    addresses: list[str], kind: str
) -> None:
    transport = NoTraffic()
    fetcher = LinkFetcher(Settings(), resolver=_resolving_to(*addresses), transport=transport)
    with pytest.raises(LinkRefused, match=kind) as refused:
        await fetcher.fetch_article("https://intranet.example.com/wiki")
    assert "intranet.example.com" in refused.value.message
    assert transport.requests == []


@pytest.mark.parametrize("url", ["ftp://example.com/a", "file:///etc/passwd", "gopher://x/"])
async def test_only_http_and_https_are_read(url: str) -> None:
    transport = NoTraffic()
    fetcher = LinkFetcher(Settings(), resolver=_resolving_to("93.184.215.14"), transport=transport)
    with pytest.raises(LinkRefused, match="Only http and https"):
        await fetcher.fetch_article(url)
    assert transport.requests == []


async def test_the_connection_goes_to_the_vetted_address_with_the_name_kept_for_tls() -> None:
    seen: list[httpx.Request] = []

    async def page(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=b"Hello.")

    fetcher = LinkFetcher(
        Settings(), resolver=_resolving_to("93.184.215.14"), transport=httpx.MockTransport(page)
    )
    await fetcher.fetch_article("https://news.example.com/story?id=1")
    (request,) = seen
    assert request.url.host == "93.184.215.14"  # no second DNS lookup to rebind
    assert request.url.path == "/story"
    assert request.headers["host"] == "news.example.com"
    assert request.extensions["sni_hostname"] == "news.example.com"


async def test_a_redirect_to_a_private_name_is_refused_before_it_is_contacted() -> None:
    contacted: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        return ["10.1.2.3"] if host == "internal.example.com" else ["93.184.215.14"]

    async def public(request: httpx.Request) -> httpx.Response:
        contacted.append(request.headers["host"])
        return httpx.Response(302, headers={"Location": "http://internal.example.com/admin"})

    fetcher = LinkFetcher(Settings(), resolver=resolve, transport=httpx.MockTransport(public))
    with pytest.raises(LinkRefused, match=r"internal\.example\.com"):
        await fetcher.fetch_article("http://news.example.com/")
    assert contacted == ["news.example.com"]


async def test_a_host_that_does_not_resolve_is_named() -> None:
    async def resolve(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(LinkRefused, match="could not be found"):
        await LinkFetcher(Settings(), resolver=resolve).fetch_article("http://nowhere.invalid/")


async def test_a_slow_site_is_abandoned_at_the_time_limit() -> None:
    async def stall(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        raise AssertionError("the time limit did not apply")

    fetcher = LinkFetcher(
        Settings(chat_fetch_timeout_s=0.05),
        resolver=_resolving_to("93.184.215.14"),
        transport=httpx.MockTransport(stall),
    )
    with pytest.raises(LinkRefused, match=r"longer than 0.05 s"):
        await fetcher.fetch_article("http://slow.example.com/")


def test_allowing_an_address_does_not_allow_its_neighbours() -> None:
    allowed = [ipaddress.ip_network("127.0.0.1/32")]
    assert why_refused(ipaddress.ip_address("127.0.0.1"), allowed) is None
    assert why_refused(ipaddress.ip_address("127.0.0.2"), allowed) == "a loopback address"
    assert why_refused(ipaddress.ip_address("93.184.215.14"), []) is None
