"""The error tree: every failure a user can meet, each with a message a person can act on.

    SourcedError
    ├── InputError              the caller's mistake: never retried; CLI exit 2, HTTP 4xx
    │   ├── EmptyDocument
    │   ├── DocumentTooLong     (also: longer than the model's context)
    │   ├── UndecodableDocument
    │   ├── InvalidSummary      a summary sent to be checked is empty or has too many claims
    │   ├── TooManyDocuments    a job with more documents than a job may hold
    │   ├── JobNotFound
    │   ├── LinkRefused         a link we won't or can't read (private address, not a page...)
    │   │   └── WebhookRefused  ... given as a job's webhook
    │   ├── BadRequest          a chat request for a conversation that could not be read
    │   ├── NothingToSummarize  a conversation without a message from a person
    │   ├── HistoryUnavailable  Slack would not give us the conversation
    │   └── DiscordUnreadable   Discord would not give us the channel's messages
    ├── ConfigError             the service is set up wrongly (bad URL, missing or corrupt weights)
    │   └── ReplayMiss          a recording has no reply for a request
    ├── StoreUnavailable        the database failed; HTTP 503
    ├── QueueFull               every model slot is busy and the line is full; HTTP 503
    ├── DeliveryFailed          a chat message or webhook was not delivered; retried if `retryable`
    └── BudgetedError           a failure after work was spent: attempts and tokens
        ├── UpstreamError       the model endpoint failed after retries; CLI exit 3, HTTP 502
        │   └── UpstreamTimeout ... or ran out of time; HTTP 504
        └── ModelOutputError    no usable draft within budget; exit 3, HTTP 502
            ├── ModelRefusal
            ├── OutputTruncated
            └── BudgetExhausted the token or re-ask budget ran out

Upstream and output errors carry how many attempts were made and how many tokens they used.
"""

from __future__ import annotations


class SourcedError(Exception):
    """Base of every error the service raises on purpose."""

    http_status = 500
    title = "Internal error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- the caller's mistakes -------------------------------------------------------------------


class InputError(SourcedError):
    http_status = 400
    title = "Bad input"


class EmptyDocument(InputError):
    http_status = 422
    title = "Empty document"


class DocumentTooLong(InputError):
    http_status = 413
    title = "Document too long"


class UndecodableDocument(InputError):
    http_status = 400
    title = "Document is not UTF-8 text"


class InvalidSummary(InputError):
    """The summary is empty, or has more than MAX_CLAIMS claims."""

    http_status = 422
    title = "Invalid summary"


class TooManyDocuments(InputError):
    http_status = 413
    title = "Too many documents"


class JobNotFound(InputError):
    http_status = 404
    title = "No such job"


class LinkRefused(InputError):
    """A link we won't or can't read; the message tells the person which and why."""

    http_status = 422
    title = "Link refused"


class WebhookRefused(LinkRefused):
    """A webhook URL this service will not call; the message says why."""

    title = "Webhook URL refused"


class BadRequest(InputError):
    """The conversation request could not be read; the message shows how to write it."""

    http_status = 400
    title = "Bad conversation request"


class NothingToSummarize(InputError):
    """The conversation holds no message from a person (or none with words)."""

    http_status = 422
    title = "Nothing to summarize"


class HistoryUnavailable(InputError):
    """Slack would not give us the conversation; the message says why and what to do."""

    http_status = 403
    title = "Conversation not readable"


class DiscordUnreadable(InputError):
    """Discord would not give us the channel's messages; the message says what to do."""

    http_status = 403
    title = "Conversation not readable"


# --- the service's own state -----------------------------------------------------------------


class ConfigError(SourcedError):
    http_status = 503
    title = "Service misconfigured"


class ReplayMiss(ConfigError):
    """The recording has no reply for a request: it was made with another prompt or pipeline."""


class StoreUnavailable(SourcedError):
    http_status = 503
    title = "Database unavailable"


class QueueFull(SourcedError):
    """Every model slot is busy and the waiting line is full: come back later."""

    http_status = 503
    title = "Model busy"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class DeliveryFailed(SourcedError):
    """A chat message or a webhook could not be posted; `retryable` for rate limits, 5xx and
    transport errors (a webhook's attempts are all retryable), `retry_after` when told."""

    http_status = 502
    title = "Delivery failed"

    def __init__(
        self, message: str, *, retryable: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


# --- failures after work was spent -----------------------------------------------------------


class BudgetedError(SourcedError):
    """A failure after work was spent: says how much."""

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        status_code: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.status_code = status_code
        self.request_id = request_id

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __str__(self) -> str:
        spent = f"after {self.attempts} attempt{'s' if self.attempts != 1 else ''}"
        if self.tokens:
            spent += f" and {self.tokens} tokens"
        return f"{self.message} ({spent})"


class UpstreamError(BudgetedError):
    http_status = 502
    title = "Model endpoint failed"


class UpstreamTimeout(UpstreamError):
    http_status = 504
    title = "Model endpoint timed out"


class ModelOutputError(BudgetedError):
    http_status = 502
    title = "Model gave no usable summary"


class ModelRefusal(ModelOutputError):
    title = "Model refused"


class OutputTruncated(ModelOutputError):
    title = "Model output truncated"


class BudgetExhausted(ModelOutputError):
    title = "Budget exhausted"
