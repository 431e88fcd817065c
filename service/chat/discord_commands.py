"""The Discord application commands this bot answers, and their registration.

`sourced chat register-discord` overwrites the application's commands with these (globally, or
in one server with `--guild`, where changes show at once) through the configured API base URL.
"""

from __future__ import annotations

from typing import Any

import httpx

from service.chat.http import async_client
from service.config import Settings
from service.errors import ConfigError, UpstreamError

CHAT_INPUT, MESSAGE = 1, 3  # application command types
STRING = 3  # option type
SUMMARIZE_CONVERSATION = "Summarize conversation"
SUMMARIZE_CONVERSATION_PRIVATELY = "Summarize conversation (only me)"
MESSAGE_COMMANDS = {SUMMARIZE_CONVERSATION: False, SUMMARIZE_CONVERSATION_PRIVATELY: True}

COMMANDS: list[dict[str, Any]] = [
    {
        "name": "summarize",
        "type": CHAT_INPUT,
        "description": "Summarize text or a link; every claim is checked against the source",
        "options": [
            {
                "name": "text",
                "type": STRING,
                "description": "The text, or a link to an article",
                "required": True,
            }
        ],
    },
    *({"name": name, "type": MESSAGE} for name in MESSAGE_COMMANDS),
]


async def register_commands(
    settings: Settings,
    *,
    guild_id: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[dict[str, Any]]:
    """PUT the commands (a bulk overwrite: commands not listed are removed); returns Discord's."""
    application = settings.discord_application_id
    token = settings.discord_bot_token
    if not application or token is None:
        raise ConfigError(
            "Registering Discord commands needs SOURCED_DISCORD_APPLICATION_ID and "
            "SOURCED_DISCORD_BOT_TOKEN (Developer Portal: General Information, Bot)."
        )
    api = settings.discord_api_base_url.rstrip("/")
    path = f"/applications/{application}"
    if guild_id:
        path += f"/guilds/{guild_id}"
    headers = {"Authorization": f"Bot {token.get_secret_value()}"}
    options: dict[str, Any] = {"timeout": 15.0}
    if transport is not None:
        options["transport"] = transport
    async with async_client(**options) as client:
        try:
            response = await client.put(f"{api}{path}/commands", json=COMMANDS, headers=headers)
        except httpx.TransportError as exc:
            raise UpstreamError(f"Discord could not be reached ({type(exc).__name__}).") from None
    if response.status_code in (401, 403):
        raise ConfigError(
            f"Discord refused the registration (HTTP {response.status_code}): check "
            "SOURCED_DISCORD_BOT_TOKEN and SOURCED_DISCORD_APPLICATION_ID."
        )
    if response.status_code >= 400:
        raise UpstreamError(f"Discord refused the registration (HTTP {response.status_code}).")
    registered = response.json()
    return registered if isinstance(registered, list) else []
