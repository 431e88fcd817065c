"""Slack's interactivity endpoint: the message shortcuts "Summarize thread" (and privately).

Slack posts the shortcut as a signed form with a `payload` JSON field and wants a 200 within
3 seconds; the summary of the message's thread follows in that thread.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import Response

from service.chat.conversations import SlackConversation, conversations_of
from service.chat.routes import _engine, _problem, _signed_body, chat_service
from service.chat.slack_history import ThreadRef

router = APIRouter(prefix="/v1/chat", tags=["chat"], include_in_schema=False)

# callback_id (manifest.yaml) -> whether only the asker sees the summary
SHORTCUTS = {"summarize_thread": False, "summarize_thread_private": True}


@router.post("/slack/interactions", summary="Slack interactivity: the Summarize thread shortcut")
async def slack_interactions(request: Request, background: BackgroundTasks) -> Response:
    chat = chat_service(request)
    body = await _signed_body(request, chat.slack, "Slack", "SOURCED_SLACK_SIGNING_SECRET")
    if isinstance(body, Response):
        return body
    form = parse_qs(body.decode("utf-8", errors="replace"))
    payload = _payload(form.get("payload", [""])[0])
    if payload is None:
        return _problem(400, "Bad request", "The form has no JSON `payload` field.")
    callback = payload.get("callback_id")
    if payload.get("type") != "message_action" or callback not in SHORTCUTS:
        return Response(status_code=200)  # other interactions are not ours to answer
    channel = _object(payload.get("channel"))
    message = _object(payload.get("message"))
    user = _object(payload.get("user"))
    thread_ts = str(message.get("thread_ts") or message.get("ts") or "")
    channel_id = str(channel.get("id") or "")
    if not thread_ts or not channel_id:
        return _problem(400, "Bad request", "The shortcut names no message.")
    asked = SlackConversation(
        channel=channel_id,
        channel_name=str(channel["name"]) if channel.get("name") else None,
        user=str(user.get("id") or ""),
        private=SHORTCUTS[str(callback)],
        thread=ThreadRef(channel_id, thread_ts),
        response_url=str(payload.get("response_url") or "") or None,
    )
    conversations = conversations_of(request.app.state)
    engine = _engine(request)
    if engine is not None:
        background.add_task(
            conversations.reply_slack, engine, asked, str(request.base_url), acknowledge=True
        )
    else:
        background.add_task(conversations.tell_slack, asked, "Summaries are not available now.")
    return Response(status_code=200)


def _payload(raw: str) -> dict[str, Any] | None:
    try:
        payload = json.loads(raw)
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
