"""The manifest: which report files are indexed, with their hash, metadata and chunk ids.

Written atomically (temp file + rename) after each report, so a crash leaves the
previous complete state, never a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import IndexMissingError

MANIFEST_VERSION = 1


@dataclass
class Manifest:
    embedder: str
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        return json.dumps(
            {"version": self.version, "embedder": self.embedder, "reports": self.reports},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )


def load_manifest(path: Path) -> Manifest | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(embedder=data["embedder"], reports=data["reports"], version=data["version"])
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise IndexMissingError(
            f"Tệp chỉ mục {path} bị hỏng ({exc}): xóa thư mục {path.parent} rồi chạy `baocao ingest`."
        ) from exc
    if manifest.version != MANIFEST_VERSION:
        raise IndexMissingError(
            f"Chỉ mục trong {path.parent} do phiên bản khác của baocao lập (dạng {manifest.version}, cần "
            f"{MANIFEST_VERSION}): xóa thư mục {path.parent} rồi chạy `baocao ingest`."
        )
    return manifest


def write_atomic(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_partial_writes(folder: Path) -> None:
    """Temporary files of `write_atomic` that a killed run left behind (".manifest.json.x1y2")."""
    if folder.is_dir():
        for pattern in (".*.json.*", ".*.pickle.*"):
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def save_manifest(path: Path, manifest: Manifest) -> None:
    write_atomic(path, manifest.to_json())


@dataclass(frozen=True)
class IndexPaths:
    """Where one index lives inside the data folder."""

    data_dir: Path

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest(self) -> Path:
        return self.data_dir / "manifest.json"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def search_state(self) -> Path:
        """What search keeps in memory besides the vectors, saved so that the next start is quick."""
        return self.data_dir / "search_state.pickle"

    def report_json(self, file_name: str) -> Path:
        return self.reports_dir / f"{file_name}.json"

    def report_figures(self, file_name: str) -> Path:
        """The figures the report states (see `index.figures`), for questions across periods."""
        return self.reports_dir / f"{file_name}.figures.json"

    def report_clauses(self, file_name: str) -> Path:
        """The vectors of the report's clauses (see `index.clause_vectors`), for choosing evidence."""
        return self.reports_dir / f"{file_name}.clauses.npz"

    def report_words(self, file_name: str) -> Path:
        """The report's multi-syllable words, for the lexical index (see `index.segment`)."""
        return self.reports_dir / f"{file_name}.words.json"
