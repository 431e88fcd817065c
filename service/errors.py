"""The error tree: every failure a user can meet, each with a message a person can act on.

    SourcedError
    ├── InputError            the caller's mistake: never retried; CLI exit 2, HTTP 4xx
    │   ├── EmptyDocument
    │   ├── DocumentTooLong   (also: longer than the model's context)
    │   └── UndecodableDocument
    ├── ConfigError           the service is set up wrongly (bad URL, missing or corrupt weights)
    ├── UpstreamError         the model endpoint failed after retries; CLI exit 3, HTTP 502
    │   └── UpstreamTimeout   ... or ran out of time; HTTP 504
    └── ModelOutputError      no usable draft within budget; exit 3, HTTP 502
        ├── ModelRefusal
        ├── OutputTruncated
        └── BudgetExhausted   the token or re-ask budget ran out

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


class ConfigError(SourcedError):
    http_status = 503
    title = "Service misconfigured"


class _BudgetedError(SourcedError):
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


class UpstreamError(_BudgetedError):
    http_status = 502
    title = "Model endpoint failed"


class UpstreamTimeout(UpstreamError):
    http_status = 504
    title = "Model endpoint timed out"


class ModelOutputError(_BudgetedError):
    http_status = 502
    title = "Model gave no usable summary"


class ModelRefusal(ModelOutputError):
    title = "Model refused"


class OutputTruncated(ModelOutputError):
    title = "Model output truncated"


class BudgetExhausted(ModelOutputError):
    title = "Budget exhausted"
