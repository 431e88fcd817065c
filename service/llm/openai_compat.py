"""Any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp's server).

This is the only module that imports `openai`. It owns the one retry layer for transport failures
(the SDK's own retries are off) and translates the SDK's errors into ours.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import Any

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
    wait_exponential_jitter,
)

from service.config import OutputMode, Settings
from service.errors import ConfigError, UpstreamError, UpstreamTimeout
from service.llm.base import ModelReply, ModelRequest, Progress, no_progress
from service.schemas import Usage

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({408, 409, 429})
_HINTS = {
    401: "check SOURCED_API_KEY (or OPENAI_API_KEY)",
    403: "the key is not allowed to use this model",
    404: "check SOURCED_BASE_URL and SOURCED_MODEL",
    400: "the endpoint rejected the request; if it does not support json_schema, "
    "set SOURCED_OUTPUT_MODE=tool or json_object",
    422: "the endpoint rejected the request; try SOURCED_OUTPUT_MODE=tool or json_object",
}


def is_transient(exc: BaseException) -> bool:
    """Connection errors, timeouts, 408/409/429 and 5xx are worth another try; nothing else is."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException | None) -> float | None:
    """The server's Retry-After (seconds or HTTP date, or retry-after-ms), if it sent one."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class OpenAICompatBackend:
    name = "openai"

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        if not settings.base_url:
            raise ConfigError("SOURCED_BASE_URL is not set: no endpoint to call.")
        if not settings.model:
            raise ConfigError("SOURCED_MODEL is not set: name the model the endpoint should run.")
        self.settings = settings
        self.model = settings.model
        self._client = openai.AsyncOpenAI(
            base_url=settings.base_url,
            # Local servers (vLLM, Ollama, llama.cpp) accept any key; the SDK insists on one.
            api_key=settings.api_key.get_secret_value() if settings.api_key else "not-needed",
            timeout=settings.request_timeout_s,
            max_retries=0,  # tenacity below is the one retry layer
        )
        self._sleep = sleep
        self._wait_backoff = wait_exponential_jitter(
            multiplier=settings.backoff_initial_s,
            max=settings.backoff_max_s,
            jitter=settings.backoff_initial_s,
        )

    async def aclose(self) -> None:
        await self._client.close()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        server_says = retry_after_seconds(exc)
        if server_says is not None:
            return min(server_says, self.settings.retry_after_cap_s)
        return float(self._wait_backoff(state))

    @staticmethod
    def _log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        sleep = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "model call attempt %d failed (%s); retrying in %.1fs",
            state.attempt_number,
            _describe(exc),
            sleep,
        )

    async def complete(self, request: ModelRequest, progress: Progress = no_progress) -> ModelReply:
        s = self.settings
        retrying = AsyncRetrying(
            retry=retry_if_exception(is_transient),
            stop=stop_after_attempt(s.max_attempts) | stop_before_delay(s.max_total_s),
            wait=self._wait,
            before_sleep=self._log_retry,
            reraise=True,
            sleep=self._sleep or asyncio.sleep,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    progress("drafting", f"calling {self.model} (attempt {attempts})")
                    reply = await self._call_once(request)
                    reply.attempts = attempts
                    return reply
        except openai.APITimeoutError:
            raise UpstreamTimeout(
                f"The model endpoint did not answer within {s.request_timeout_s:g}s",
                attempts=attempts,
            ) from None
        except openai.APIConnectionError:
            raise UpstreamError(
                f"Could not connect to the model endpoint at {s.base_url}", attempts=attempts
            ) from None
        except openai.APIStatusError as exc:
            hint = _HINTS.get(exc.status_code)
            raise UpstreamError(
                f"The model endpoint answered HTTP {exc.status_code}"
                + (f": {hint}" if hint else ""),
                attempts=attempts,
                status_code=exc.status_code,
                request_id=exc.request_id,
            ) from None
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _call_once(self, request: ModelRequest) -> ModelReply:
        mode = self.settings.output_mode
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": request.messages,
            "max_tokens": request.max_tokens,
            "temperature": 0,
        }
        if mode is OutputMode.JSON_SCHEMA:
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema_name,
                    "schema": request.schema,
                    "strict": True,
                },
            }
        elif mode is OutputMode.TOOL:
            kwargs["tools"] = [
                {
                    "type": "function",
                    "function": {"name": request.schema_name, "parameters": request.schema},
                }
            ]
            kwargs["tool_choice"] = {"type": "function", "function": {"name": request.schema_name}}
        else:
            messages = [dict(m) for m in request.messages]
            messages[0]["content"] += (
                "\n\nAnswer with a JSON object matching this JSON schema:\n"
                + json.dumps(request.schema)
            )
            kwargs["messages"] = messages
            kwargs["response_format"] = {"type": "json_object"}

        response = await self._client.chat.completions.create(**kwargs)
        usage = Usage(
            prompt_tokens=response.usage.prompt_tokens if response.usage else 0,
            completion_tokens=response.usage.completion_tokens if response.usage else 0,
        )
        if not response.choices:
            return ModelReply(None, "error", usage, response.model or self.model)
        choice = response.choices[0]
        message = choice.message
        content = message.content
        if mode is OutputMode.TOOL and message.tool_calls:
            call = message.tool_calls[0]
            content = getattr(getattr(call, "function", None), "arguments", None)
        refusal = getattr(message, "refusal", None)
        if choice.finish_reason == "content_filter" and not refusal:
            refusal = "the endpoint's content filter stopped the answer"
        return ModelReply(
            content=content,
            finish_reason=choice.finish_reason or "stop",
            usage=usage,
            model=response.model or self.model,
            refusal=refusal,
        )


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection error"
    return type(exc).__name__
