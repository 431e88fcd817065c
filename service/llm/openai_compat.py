"""Any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, llama.cpp's server).

This is the only module that imports `openai`. It owns the one retry layer for transport failures
(the SDK's own retries are off) and translates the SDK's errors into ours.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
import openai
from pydantic import BaseModel, Field, StrictInt, StrictStr, ValidationError
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
from service.llm.base import ModelReply, ModelRequest, NothingToLoad
from service.progress import Progress, no_progress
from service.schemas import Usage

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({408, 409, 429})
MAX_ERROR_BODY_BYTES = 64_000
_HINTS = {
    401: "check SOURCED_API_KEY (or OPENAI_API_KEY)",
    403: "the key is not allowed to use this model",
    404: "check SOURCED_BASE_URL and SOURCED_MODEL",
    400: "the endpoint rejected the request; if it does not support json_schema, "
    "set SOURCED_OUTPUT_MODE=tool or json_object",
    422: "the endpoint rejected the request; try SOURCED_OUTPUT_MODE=tool or json_object",
}


class AttemptTimedOut(Exception):
    """One attempt ran past `request_timeout_s` of wall clock (however slowly bytes kept coming)."""


class FormatRejected(Exception):
    """The endpoint refused the output mode itself (e.g. llama.cpp's server and json_schema)."""

    def __init__(self, status_code: int, request_id: str | None) -> None:
        super().__init__(f"HTTP {status_code}")
        self.status_code = status_code
        self.request_id = request_id


_FORMAT_WORDS = re.compile(rb"response_format|json_schema|grammar|tool_choice|tools", re.I)


def rejects_output_mode(exc: BaseException) -> bool:
    """A 4xx/500 whose body names the structured-output feature: the mode, not a hiccup."""
    if not isinstance(exc, openai.APIStatusError):
        return False
    if exc.status_code != 500 and not 400 <= exc.status_code < 500:
        return False
    if exc.status_code in RETRYABLE_STATUS:
        return False
    try:
        body = exc.response.content[:MAX_ERROR_BODY_BYTES]
    except Exception:  # a streamed body that was never read
        body = json.dumps(exc.body).encode() if exc.body is not None else b""
    return bool(_FORMAT_WORDS.search(body or exc.message.encode("utf-8", "replace")))


def is_transient(exc: BaseException) -> bool:
    """Connection errors, timeouts, 408/409/429 and 5xx are worth another try; nothing else is."""
    if isinstance(exc, openai.APIConnectionError | AttemptTimedOut):  # incl. APITimeoutError
        return True
    if isinstance(exc, openai.APIStatusError):
        if rejects_output_mode(exc):
            return False
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


class OpenAICompatBackend(NothingToLoad):
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
        self._mode = settings.output_mode
        self._mode_settled = False  # until an answer came back in some mode
        self._wait_backoff = wait_exponential_jitter(
            multiplier=settings.backoff_initial_s,
            max=settings.backoff_max_s,
            jitter=settings.backoff_initial_s,
        )

    def for_another_loop(self) -> OpenAICompatBackend:
        """The same backend with an HTTP client of its own: a client's connections belong to
        the event loop that opened them."""
        return OpenAICompatBackend(self.settings, sleep=self._sleep)

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
        """One model call, retried on transport failures, ended by `max_total_s` of wall clock.

        The SDK's timeout bounds the wait between bytes; an endpoint that drips bytes would
        extend it forever, so every attempt and the whole call also run under asyncio deadlines.
        """
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
            async with asyncio.timeout(s.max_total_s):
                async for attempt in retrying:
                    with attempt:
                        attempts = attempt.retry_state.attempt_number
                        progress("drafting", f"calling {self.model} (attempt {attempts})")
                        reply = await self._call_in_some_mode(request)
                        reply.attempts = attempts
                        return reply
        except TimeoutError:
            raise UpstreamTimeout(
                f"The model endpoint did not finish within the call's budget of "
                f"{s.max_total_s:g}s (SOURCED_MAX_TOTAL_S)",
                attempts=attempts,
            ) from None
        except (openai.APITimeoutError, AttemptTimedOut):
            raise UpstreamTimeout(
                f"The model endpoint did not answer within {s.request_timeout_s:g}s",
                attempts=attempts,
            ) from None
        except openai.APIConnectionError:
            raise UpstreamError(
                f"Could not connect to the model endpoint at {s.base_url}", attempts=attempts
            ) from None
        except FormatRejected as exc:
            raise UpstreamError(
                f"The model endpoint answered HTTP {exc.status_code} to every output mode "
                f"({', '.join(m.value for m in OutputMode)}); it cannot be asked for structured "
                "output. Check the server's structured-output support and SOURCED_OUTPUT_MODE",
                attempts=attempts,
                status_code=exc.status_code,
                request_id=exc.request_id,
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
        except UpstreamError as exc:
            exc.attempts = attempts
            raise
        raise AssertionError("unreachable: tenacity either returns or raises")

    async def _call_in_some_mode(self, request: ModelRequest) -> ModelReply:
        """The call in the configured mode; until a mode has worked, a rejected mode falls back.

        Some servers (llama.cpp's) answer json_schema with HTTP 500 naming the grammar: that is
        the mode, not a transient failure, and the same request in another mode may work.
        """
        if self._mode_settled:
            return await self._call_once(request, self._mode)
        rejection: openai.APIStatusError | None = None
        for mode in [self._mode, *(m for m in _FALLBACKS if m is not self._mode)]:
            try:
                reply = await self._call_once(request, mode)
            except openai.APIStatusError as exc:
                if not rejects_output_mode(exc):
                    raise
                rejection = rejection or exc
                log.warning(
                    "the endpoint rejects output mode %s (HTTP %d); trying another; "
                    "set SOURCED_OUTPUT_MODE to the one that works",
                    mode.value,
                    exc.status_code,
                )
                continue
            if mode is not self._mode:
                log.warning(
                    "the endpoint rejected SOURCED_OUTPUT_MODE=%s; using %s from now on",
                    self._mode.value,
                    mode.value,
                )
            self._mode, self._mode_settled = mode, True
            return reply
        assert rejection is not None
        raise FormatRejected(rejection.status_code, rejection.request_id)

    async def _call_once(self, request: ModelRequest, mode: OutputMode) -> ModelReply:
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

        try:
            async with asyncio.timeout(self.settings.request_timeout_s):
                body, request_id = await self._post(kwargs)
        except TimeoutError:
            raise AttemptTimedOut() from None
        response = parse_completion(body, request_id)
        usage = Usage(
            prompt_tokens=response.usage.prompt_tokens if response.usage else 0,
            completion_tokens=response.usage.completion_tokens if response.usage else 0,
        )
        model = response.model or self.model
        choice = response.choices[0]
        message = choice.message
        content = message.content
        if mode is OutputMode.TOOL and message.tool_calls:
            function = message.tool_calls[0].function
            content = function.arguments if function else None
        refusal = message.refusal
        if choice.finish_reason == "content_filter" and not refusal:
            refusal = "the endpoint's content filter stopped the answer"
        return ModelReply(
            content=content,
            finish_reason=choice.finish_reason or "stop",
            usage=usage,
            model=model,
            refusal=refusal,
        )

    async def _post(self, kwargs: dict[str, Any]) -> tuple[bytes, str | None]:
        """The answer's raw bytes, read as a stream and refused past `max_response_bytes`.

        Sent by the client's own `post` (the SDK's way to make any request), not by
        `chat.completions.create`: that walks every message through the SDK's typed-dict
        unions first, about a third of the call's CPU, for the same JSON body. Errors and
        retries are the client's as before (a 4xx/5xx raises `openai.APIStatusError`)."""
        limit = self.settings.max_response_bytes
        response = await self._client.post(
            "/chat/completions", cast_to=httpx.Response, body=kwargs, stream=True, stream_cls=None
        )
        try:
            request_id = response.headers.get("x-request-id")
            declared = response.headers.get("content-length", "")
            too_big = UpstreamError(
                f"The model endpoint's answer is larger than {limit:,} bytes "
                "(SOURCED_MAX_RESPONSE_BYTES); refused unread",
                status_code=response.status_code,
                request_id=request_id,
            )
            if declared.isdigit() and int(declared) > limit:
                raise too_big
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > limit:
                    raise too_big
        finally:
            await response.aclose()
        return bytes(body), request_id


_FALLBACKS = (OutputMode.TOOL, OutputMode.JSON_OBJECT)


class _Function(BaseModel):
    arguments: StrictStr | None = None


class _ToolCall(BaseModel):
    function: _Function | None = None


class _Message(BaseModel):
    content: StrictStr | None = None
    refusal: StrictStr | None = None
    tool_calls: list[_ToolCall] | None = None


class _Choice(BaseModel):
    message: _Message
    finish_reason: StrictStr | None = None


class _Usage(BaseModel):
    prompt_tokens: StrictInt = Field(default=0, ge=0)
    completion_tokens: StrictInt = Field(default=0, ge=0)


class Completion(BaseModel):
    """The part of a chat completion we read, checked as strictly as we rely on it."""

    choices: list[_Choice] = Field(min_length=1)
    usage: _Usage | None = None
    model: StrictStr | None = None


def parse_completion(body: bytes, request_id: str | None = None) -> Completion:
    """A 200's body as a chat completion, or an UpstreamError saying what was wrong with it.

    pydantic-core's parser refuses invalid UTF-8 and bounds nesting depth, so neither an HTML
    page nor a 100k-deep array reaches Python's recursion limit.
    """
    try:
        return Completion.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the body"
        kind = "is not JSON" if first["type"] == "json_invalid" else "is not a chat completion"
        raise UpstreamError(
            f"The model endpoint answered 200 but its body {kind} ({where}: {first['msg']}); "
            "check that SOURCED_BASE_URL points at an OpenAI-compatible /v1 endpoint",
            status_code=200,
            request_id=request_id,
        ) from None


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    if isinstance(exc, openai.APITimeoutError | AttemptTimedOut):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection error"
    return type(exc).__name__
