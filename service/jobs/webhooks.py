"""The completion webhook: the finished job POSTed to the caller's URL, signed and retried.

Signed the Standard Webhooks way (the `standardwebhooks` library: `webhook-id`,
`webhook-timestamp`, `webhook-signature`, HMAC-SHA256 over id.timestamp.body with
SOURCED_WEBHOOK_SECRET), so receivers verify it with any Standard Webhooks library. The id is
the same on every retry, for receivers to drop repeats.

Server-side request forgery is guarded as for chat links (`service.chat.links.why_refused`):
every address the host resolves to must be public, or listed in SOURCED_WEBHOOK_ALLOW_HOSTS;
the URL is vetted at submission (a 422) and again at each delivery, and the connection goes
to the vetted address, not to a second lookup.
"""

from __future__ import annotations

import ipaddress
import json
import logging
from datetime import UTC, datetime

import anyio.to_thread
import httpx
from standardwebhooks.webhooks import Webhook
from tenacity import (
    AsyncRetrying,
    before_sleep_log,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from service.chat.http import async_client
from service.chat.links import IPAddress, Resolver, parse_allowed, system_resolver, why_refused
from service.config import Settings
from service.errors import ConfigError, DeliveryFailed, LinkRefused, WebhookRefused
from service.jobs.views import job_view
from service.store.jobs import JobStore

log = logging.getLogger(__name__)
USER_AGENT = "Sourced/0.1 (job webhook)"


def signer(settings: Settings) -> Webhook:
    if settings.webhook_secret is None:
        raise ConfigError("SOURCED_WEBHOOK_SECRET is not set, so webhooks cannot be signed.")
    try:
        return Webhook(settings.webhook_secret.get_secret_value())
    except Exception:
        raise ConfigError(
            "SOURCED_WEBHOOK_SECRET is not a usable secret; use whsec_ followed by base64, "
            "e.g. whsec_$(openssl rand -base64 32)."
        ) from None


async def vet_webhook_url(
    url: str, settings: Settings, resolver: Resolver = system_resolver
) -> tuple[httpx.URL, IPAddress]:
    """The parsed URL and the address to connect to; WebhookRefused (422) if not allowed."""
    try:
        target = httpx.URL(url)
    except httpx.InvalidURL:
        raise WebhookRefused("webhook_url is not a valid URL.") from None
    if target.scheme not in ("http", "https") or not target.host:
        raise WebhookRefused("webhook_url must be an http or https URL with a host name.")
    host = target.raw_host.decode("ascii")
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = await resolver(host, target.port or (443 if target.scheme == "https" else 80))
        except OSError:
            raise WebhookRefused(f"The webhook host {host} could not be found.") from None
        addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    if not addresses:
        raise WebhookRefused(f"The webhook host {host} could not be found.")
    allowed = parse_allowed(settings.webhook_allow_hosts)
    for address in addresses:
        if (reason := why_refused(address, allowed)) is not None:
            raise WebhookRefused(
                f"Webhooks to {host} are refused: it points to {reason} ({address}), which this "
                "service does not call on anyone's behalf. Use a public URL."
            )
    return target, addresses[0]


async def deliver_webhook(
    settings: Settings,
    store: JobStore,
    job_id: str,
    *,
    resolver: Resolver = system_resolver,
    transport: httpx.AsyncBaseTransport | None = None,
) -> str | None:
    """Send the job's webhook if it has one and nobody else is sending it; the final state."""
    if not await anyio.to_thread.run_sync(store.claim_webhook, job_id):
        return None
    status = await anyio.to_thread.run_sync(store.get, job_id)
    if status is None or status.webhook_url is None:
        return None
    body = json.dumps(
        {
            "type": f"job.{status.state}",
            "timestamp": datetime.now(UTC).isoformat(),
            "data": job_view(status, settings.public_base_url).model_dump(mode="json"),
        }
    )
    message_id = f"msg_{job_id}"
    attempts = 0
    state = "failed"
    retrying = AsyncRetrying(
        retry=retry_if_exception_type(DeliveryFailed),
        stop=stop_after_attempt(settings.webhook_max_attempts),
        wait=wait_exponential(multiplier=settings.webhook_backoff_s, max=300),
        before_sleep=before_sleep_log(log, logging.WARNING),
        reraise=True,
    )
    try:
        async for attempt in retrying:
            with attempt:
                attempts += 1
                await _post(settings, status.webhook_url, message_id, body, resolver, transport)
        state = "delivered"
    except DeliveryFailed as exc:
        log.warning("webhook of job %s failed after %d attempts: %s", job_id, attempts, exc)
    except (LinkRefused, ConfigError) as exc:
        log.warning("webhook of job %s not sent: %s", job_id, exc)
    await anyio.to_thread.run_sync(
        lambda: store.webhook_done(job_id, state=state, attempts=attempts)
    )
    return state


async def _post(
    settings: Settings,
    url: str,
    message_id: str,
    body: str,
    resolver: Resolver,
    transport: httpx.AsyncBaseTransport | None,
) -> None:
    target, address = await vet_webhook_url(url, settings, resolver)
    timestamp = datetime.now(UTC)
    signature = signer(settings).sign(message_id, timestamp, body)
    host = target.raw_host.decode("ascii")
    headers = {
        "Host": target.netloc.decode("ascii"),
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature,
    }
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    async with async_client(
        transport=transport,
        trust_env=False,
        follow_redirects=False,
        timeout=settings.webhook_timeout_s,
    ) as client:
        request = client.build_request(
            "POST",
            target.copy_with(host=str(address)),
            content=body.encode(),
            headers=headers,
            extensions=extensions,
        )
        try:
            response = await client.send(request)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(type(exc).__name__) from None
    if not 200 <= response.status_code < 300:
        raise DeliveryFailed(f"HTTP {response.status_code}")
