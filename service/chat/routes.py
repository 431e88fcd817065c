"""The chat endpoints: check the platform's signature, acknowledge at once, reply in the background.

Slack and Discord give an endpoint 3 seconds; a summary takes longer. So each request is checked
and answered immediately ("working on it" / Discord's deferred response) and the summary follows
through the platform's reply channel. These routes authenticate by signature, not by API key.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import JSONResponse, Response

from service.api.problems import problem_response
from service.chat import conversation_hooks
from service.chat.conversations import conversations_of
from service.chat.jobs import USAGE, ChatService, SummaryEngine, parse_asked

# Called by the platforms, not by API users: kept out of the OpenAPI schema.
router = APIRouter(prefix="/v1/chat", tags=["chat"], include_in_schema=False)

PING, APPLICATION_COMMAND = 1, 2  # Discord interaction types
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE = 1, 4, 5  # Discord response types
EPHEMERAL = 64
# Discord's tokens are base64url with dots; never only dots (a ".." segment climbs the path).
_URL_SEGMENT = re.compile(r"(?=[^A-Za-z0-9]*[A-Za-z0-9])[A-Za-z0-9_.\-]{1,1000}")


def chat_service(request: Request) -> ChatService:
    """The app's ChatService (made with the app, from its settings)."""
    service: ChatService = request.app.state.chat
    return service


def _engine(request: Request) -> SummaryEngine | None:
    return getattr(request.app.state, "engine", None)


def _problem(status: int, title: str, detail: str) -> JSONResponse:
    return problem_response(status, detail, title=title)


def _not_set_up(platform: str, setting: str) -> JSONResponse:
    return _problem(
        404, f"{platform} is not set up", f"This server has no {platform} bot: set {setting}."
    )


def _unauthenticated(platform: str) -> JSONResponse:
    return _problem(
        401, "Unauthenticated", f"The {platform} signature is missing, stale, replayed or wrong."
    )


class _Verifier(Protocol):
    def is_authentic(self, body: bytes, headers: Mapping[str, str]) -> bool: ...


async def _signed_body(
    request: Request, verifier: _Verifier | None, platform: str, setting: str
) -> bytes | Response:
    """The request's body once it is known to come from `platform`; else the problem to answer.
    Its size is checked before, as it streams in (`BodyGuard`, SOURCED_MAX_CHAT_BODY_BYTES)."""
    if verifier is None:
        return _not_set_up(platform, setting)
    body = await request.body()
    if not verifier.is_authentic(body, request.headers):
        return _unauthenticated(platform)
    return body


def _slack_notice(text: str) -> dict[str, str]:
    return {"response_type": "ephemeral", "text": text}


@router.post("/slack/commands", summary="Slack slash command /summarize <text or link>")
async def slack_command(request: Request, background: BackgroundTasks) -> Response:
    chat = chat_service(request)
    body = await _signed_body(request, chat.slack, "Slack", "SOURCED_SLACK_SIGNING_SECRET")
    if isinstance(body, Response):
        return body
    form = parse_qs(body.decode("utf-8", errors="replace"))
    conversation = conversation_hooks.from_slack_command(
        form,
        conversations=conversations_of(request.app.state),
        engine=_engine(request),
        background=background,
        base_url=str(request.base_url),
    )
    if conversation is not None:  # this thread or channel, not text or a link
        return JSONResponse(conversation)
    asked = parse_asked(form.get("text", [""])[0])
    response_url = form.get("response_url", [""])[0]
    if asked is None:
        return JSONResponse(_slack_notice(USAGE))
    engine = _engine(request)
    if engine is None or not response_url:
        return JSONResponse(_slack_notice("Summaries are not available right now, sorry."))
    background.add_task(
        chat.reply_slack_command, engine, asked, response_url, str(request.base_url)
    )
    return JSONResponse(
        _slack_notice(f"Working on it: summarizing {asked.described}. The summary will follow.")
    )


@router.post("/slack/events", summary="Slack Events API: app mentions and URL verification")
async def slack_events(request: Request, background: BackgroundTasks) -> Response:
    chat = chat_service(request)
    body = await _signed_body(request, chat.slack, "Slack", "SOURCED_SLACK_SIGNING_SECRET")
    if isinstance(body, Response):
        return body
    payload = _json_object(body)
    if payload is None:
        return _problem(400, "Bad request", "The body is not a JSON object.")
    if payload.get("type") == "url_verification":
        return JSONResponse({"challenge": str(payload.get("challenge", ""))})
    event = payload.get("event")
    if (
        payload.get("type") == "event_callback"
        and isinstance(event, dict)
        and event.get("type") == "app_mention"
        and not event.get("bot_id")  # never answer a bot, ours included
        and chat.slack_events.first_time(str(payload.get("event_id")))  # Slack retries events
        and not conversation_hooks.from_slack_mention(  # a mention asking for its thread
            event,
            conversations=conversations_of(request.app.state),
            engine=_engine(request),
            background=background,
            base_url=str(request.base_url),
        )
    ):
        engine = _engine(request)
        asked = parse_asked(str(event.get("text", "")))
        if engine is not None:
            background.add_task(
                chat.reply_slack_mention,
                engine,
                asked,
                str(event.get("channel", "")),
                str(event.get("user", "")),
                str(event.get("thread_ts") or event.get("ts", "")),
                str(request.base_url),
            )
    return Response(status_code=200)


@router.post("/discord/interactions", summary="Discord interactions: PING and /summarize")
async def discord_interactions(request: Request, background: BackgroundTasks) -> Response:
    chat = chat_service(request)
    body = await _signed_body(request, chat.discord, "Discord", "SOURCED_DISCORD_PUBLIC_KEY")
    if isinstance(body, Response):
        return body
    payload = _json_object(body)
    if payload is None:
        return _problem(400, "Bad request", "The body is not a JSON object.")
    kind = payload.get("type")
    if kind == PING:
        return JSONResponse({"type": PONG})
    if kind != APPLICATION_COMMAND:
        return _problem(400, "Unsupported interaction", "Only PING and /summarize are handled.")
    conversation = conversation_hooks.from_discord_interaction(
        payload,
        conversations=conversations_of(request.app.state),
        engine=_engine(request),
        background=background,
        base_url=str(request.base_url),
    )
    if conversation is not None:  # "Summarize conversation" on a message
        return JSONResponse(conversation)
    data = payload.get("data")
    data = data if isinstance(data, dict) else {}
    if data.get("name") != "summarize":
        return _discord_notice("Unknown command: this app only knows /summarize.")
    asked = parse_asked(_first_string_option(data), slack=False)
    if asked is None:
        return _discord_notice(USAGE)
    engine = _engine(request)
    application_id = chat.settings.discord_application_id or str(payload.get("application_id", ""))
    token = str(payload.get("token", ""))
    if not _URL_SEGMENT.fullmatch(token) or not (
        application_id.isascii() and application_id.isdigit()
    ):
        # Both become path segments of the follow-up URL: "../" or "?" must not steer it.
        return _problem(
            400, "Bad request", "The interaction's token or application id is malformed."
        )
    if engine is None:
        return _discord_notice("Summaries are not available right now, sorry.")
    background.add_task(
        chat.reply_discord, engine, asked, application_id, token, str(request.base_url)
    )
    return JSONResponse({"type": DEFERRED_CHANNEL_MESSAGE})


def _discord_notice(text: str) -> JSONResponse:
    data = {"content": text, "flags": EPHEMERAL, "allowed_mentions": {"parse": []}}
    return JSONResponse({"type": CHANNEL_MESSAGE, "data": data})


def _first_string_option(data: dict[str, Any]) -> str:
    for option in data.get("options") or []:
        if isinstance(option, dict) and isinstance(option.get("value"), str):
            return str(option["value"])
    return ""


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return None
    return payload if isinstance(payload, dict) else None
