"""One settings object, read from SOURCED_* environment variables (and CLI flags over them)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
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
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    threads: int = Field(default_factory=lambda: max(1, os.cpu_count() or 1))
    context_tokens: int = 8192

    # Budgets: every summary ends, one way or the other, within these.
    request_timeout_s: float = 60.0
    max_attempts: int = 4  # transport attempts per model call
    max_total_s: float = 180.0  # wall clock across all attempts of one call
    retry_after_cap_s: float = 30.0
    backoff_initial_s: float = 0.5
    backoff_max_s: float = 8.0
    max_reasks: int = 2  # extra model calls for invalid or unverifiable drafts
    token_budget: int = 24_000  # prompt + completion tokens across all calls of one summary
    max_output_tokens: int = 1200

    # Input limits.
    max_document_chars: int = 200_000
    max_claims: int = 6

    # The HTTP API.
    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    api_keys: str | None = None  # comma-separated keys, or @path to a file of sha256 hashes
    max_body_bytes: int = 2_000_000  # a larger request body gets 413
    rate_limit: str = (
        "60/minute"  # per API key, in `limits` notation ("10/second;500/hour"); "" for none
    )
    rate_limit_storage: str = "memory://"  # e.g. redis://host:6379 to share limits across instances
    model_concurrency: int | None = (
        None  # model jobs at once; default 1 embedded, 8 for an endpoint
    )
    queue_size: int = 16  # model jobs allowed to wait beyond those running; more get 503

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

    @model_validator(mode="after")
    def _api_key_fallback(self) -> Settings:
        if self.api_key is None and os.environ.get("OPENAI_API_KEY"):
            self.api_key = SecretStr(os.environ["OPENAI_API_KEY"])
        return self

    @property
    def uses_endpoint(self) -> bool:
        return bool(self.base_url)
