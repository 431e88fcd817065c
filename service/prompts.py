"""Prompt files: loaded from prompts/, validated when loaded, rendered strictly, versioned.

A prompt's version is `name@version+hash`: the number a person bumps and the first eight hex
digits of the file's sha256, so an edit that forgot the bump still shows in provenance.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
import jinja2.meta
import yaml
from pydantic import BaseModel, ConfigDict

from service.errors import ConfigError


def _prompts_dir() -> Path:
    """The checkout's top-level prompts/, or the copy an installed wheel carries.

    pyproject.toml maps prompts/ to the package `service.prompt_files`; in a checkout (or an
    editable install) the folder itself is read, so an edited prompt needs no reinstall.
    """
    checkout = Path(__file__).resolve().parent.parent / "prompts"
    if checkout.is_dir():
        return checkout
    installed = Path(__file__).resolve().parent / "prompt_files"
    return installed if installed.is_dir() else checkout


PROMPTS_DIR = _prompts_dir()
_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
)


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    version: int
    description: str = ""
    variables: list[str]
    system: str
    user: str
    followups: dict[str, str] = {}
    """Messages sent after an answer (a re-ask), by name; each may use only its own variables."""


class Prompt:
    def __init__(self, spec: PromptFile, digest: str) -> None:
        self.spec = spec
        self.version = f"{spec.name}@{spec.version}+{digest[:8]}"
        self._system = _ENV.from_string(spec.system)
        self._user = _ENV.from_string(spec.user)
        self._followups = {name: _ENV.from_string(t) for name, t in spec.followups.items()}

    def render(self, **variables: object) -> list[dict[str, str]]:
        """Chat messages. The system message is static, so backends can cache its prefix."""
        missing = set(self.spec.variables) - set(variables)
        unknown = set(variables) - set(self.spec.variables)
        if missing or unknown:
            raise ValueError(
                f"prompt {self.version}: missing {missing or '{}'}, unknown {unknown or '{}'}"
            )
        return [
            {"role": "system", "content": self._system.render()},
            {"role": "user", "content": self._user.render(**variables)},
        ]

    def followup(self, name: str, **variables: object) -> dict[str, str]:
        """A follow-up user message (say, the re-ask after an invalid answer), rendered strictly."""
        if name not in self._followups:
            raise ValueError(f"prompt {self.version} has no follow-up {name!r}")
        return {"role": "user", "content": self._followups[name].render(**variables)}


@lru_cache(maxsize=32)  # by name and folder: a few prompts, but the CLI may name any file
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    path = directory / f"{name}.yaml"
    try:
        raw = path.read_bytes()
        spec = PromptFile.model_validate(yaml.safe_load(raw))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ConfigError(f"prompt file {path} is unreadable or invalid: {exc}") from exc
    for field, template in (("system", spec.system), ("user", spec.user)):
        used = jinja2.meta.find_undeclared_variables(_ENV.parse(template))
        if field == "system" and used:
            raise ConfigError(f"{path}: the system message must be static, it uses {sorted(used)}")
        if undeclared := used - set(spec.variables):
            raise ConfigError(f"{path}: {field} uses undeclared variables {sorted(undeclared)}")
    return Prompt(spec, hashlib.sha256(raw).hexdigest())
