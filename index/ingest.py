"""Incremental ingest: a file whose content hash is unchanged costs no embedding.

A report parsed by an older parser (PARSER_VERSION) is parsed again; its chunks keep their
embeddings where their text is unchanged.

A changed file's chunks are replaced; chunks whose text did not change keep their
ids and reuse their stored embeddings. `prune` drops reports whose files are gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from index import clause_vectors
from index.chunking import chunk_report, embedding_text
from index.errors import BaocaoError, ReportLoadError
from index.figures import extract_figures
from index.loaders import SUPPORTED_SUFFIXES, content_hash, read_bytes, read_document
from index.manifest import IndexPaths, Manifest, load_manifest, remove_partial_writes, save_manifest
from index.parse import PARSER_VERSION, parse_report
from index.report_store import report_to_dict, save_report, save_report_figures, save_report_words
from index.segment import find_words
from index.store import ChunkStore

log = logging.getLogger(__name__)
MANIFEST_SAVE_INTERVAL_S = 1.0

Progress = Callable[[str, int, int], None]  # (file name, files done, files total)
PageProgress = Callable[[str, int, int], None]  # (file name, pages done, pages) while OCR reads a scan


@dataclass(frozen=True)
class FileFailure:
    file: str
    reason: str


@dataclass
class IngestResult:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[FileFailure] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_reused: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileFailure]]:
    """Expand folders to their report files; name every path that cannot be a report."""
    files: list[Path] = []
    failures: list[FileFailure] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.suffix.lower() in SUPPORTED_SUFFIXES:
                        files.append(child)
                    else:
                        failures.append(
                            FileFailure(
                                str(child),
                                f"định dạng {child.suffix or '(không có đuôi)'} "
                                f"không được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}",
                            )
                        )
        elif path.is_file():
            files.append(path)
        else:
            failures.append(FileFailure(str(path), "không tìm thấy tệp hoặc thư mục"))
    seen: dict[str, Path] = {}
    unique: list[Path] = []
    for f in files:
        if f.name in seen and seen[f.name].resolve() != f.resolve():
            failures.append(
                FileFailure(
                    str(f),
                    f"trùng tên với {seen[f.name]}; báo cáo được gọi theo tên tệp, "
                    "hãy đổi tên một trong hai tệp",
                )
            )
            continue
        if f.name not in seen:
            seen[f.name] = f
            unique.append(f)
    return unique, failures


class Ingestor:
    def __init__(
        self, paths: IndexPaths, store: ChunkStore, embedder: Embeddings, embedder_name: str, max_chars: int
    ) -> None:
        self.paths = paths
        self.store = store
        self.embedder = embedder
        self.embedder_name = embedder_name
        self.max_chars = max_chars
        self._saved_at = 0.0

    def _manifest(self) -> Manifest:
        for folder in (self.paths.data_dir, self.paths.reports_dir):
            remove_partial_writes(folder)  # a run killed while writing
        manifest = load_manifest(self.paths.manifest)
        if manifest is None or manifest.embedder != self.embedder_name:
            if manifest is not None:
                log.warning(
                    "Mô hình nhúng đổi (%s -> %s): lập lại toàn bộ chỉ mục.",
                    manifest.embedder,
                    self.embedder_name,
                )
            self.store.reset()
            manifest = Manifest(embedder=self.embedder_name)
            save_manifest(self.paths.manifest, manifest)
        return manifest

    def run(
        self,
        inputs: list[Path],
        prune: bool = False,
        progress: Progress | None = None,
        page_progress: PageProgress | None = None,
    ) -> IngestResult:
        result = IngestResult()
        files, failures = collect_files(inputs)
        result.failed.extend(failures)
        manifest = self._manifest()
        self._saved_at = time.monotonic()
        try:
            for done, path in enumerate(files, start=1):
                try:
                    self._ingest_file(path, manifest, result, page_progress)
                except ReportLoadError as exc:
                    result.failed.append(FileFailure(str(path), str(exc).removeprefix(f"{path.name}: ")))
                except BaocaoError:
                    raise
                if progress:
                    progress(path.name, done, len(files))
            if prune:
                present = {p.name for p in files}
                for name in sorted(set(manifest.reports) - present):
                    self._remove(name, manifest)
                    result.removed.append(name)
        finally:
            if result.added or result.updated or result.removed:
                save_manifest(self.paths.manifest, manifest)
        return result

    def _save_now_and_then(self, manifest: Manifest) -> None:
        """The manifest after a report, at most once a second (the whole manifest is rewritten each time:
        hundreds of reports made that quadratic). A run killed in between loses only manifest entries:
        the next run finds those reports' chunks in the store, reuses their embeddings and drops
        leftovers (see `_ingest_file`)."""
        if time.monotonic() - self._saved_at >= MANIFEST_SAVE_INTERVAL_S:
            save_manifest(self.paths.manifest, manifest)
            self._saved_at = time.monotonic()

    def _ingest_file(
        self, path: Path, manifest: Manifest, result: IngestResult, page_progress: PageProgress | None = None
    ) -> None:
        data = read_bytes(path)
        digest = content_hash(data)
        entry = manifest.reports.get(path.name)
        if entry and entry["hash"] == digest and entry.get("parser") == PARSER_VERSION:
            result.unchanged.append(path.name)
            return
        pages = (lambda done, total: page_progress(path.name, done, total)) if page_progress else None
        # Pages read by OCR are kept in the data folder: an interrupted ingest of a long scan goes on
        # where it stopped.
        document = read_document(path, data, self.paths.data_dir / "ocr", pages)
        report = parse_report(path.name, document, digest)
        chunks = chunk_report(report, self.max_chars)
        if not chunks:
            raise ReportLoadError(f"{path.name}: không có đoạn văn nào để lập chỉ mục.")
        new_ids = [c.id for c in chunks]
        stored = self.store.embeddings_for(new_ids)
        missing = [c for c in chunks if c.id not in stored]
        vectors = self.embedder.embed_documents([embedding_text(c) for c in missing]) if missing else []
        stored.update({c.id: v for c, v in zip(missing, vectors, strict=True)})
        self.store.upsert(chunks, [stored[c.id] for c in chunks])
        old_ids = set(entry["chunks"]) if entry else set(self.store.ids_of_report(path.name))
        self.store.delete(sorted(old_ids - set(new_ids)))
        save_report(self.paths.report_json(path.name), report)
        save_report_words(self.paths.report_words(path.name), find_words(report.text))
        save_report_figures(self.paths.report_figures(path.name), extract_figures(chunks))
        clauses_path = self.paths.report_clauses(path.name)
        clauses = clause_vectors.build(chunks, self.embedder, clause_vectors.load(clauses_path))
        clause_vectors.save(clauses_path, clauses)
        info = report_to_dict(report)
        manifest.reports[path.name] = {
            "hash": digest,
            "parser": PARSER_VERSION,
            "source": str(path),
            "title": report.title,
            "period": info["period"],
            "plan_period": info["plan_period"],
            "number": report.number,
            "signer": report.signer,
            "parent_agency": report.parent_agency,  # the province a question may name
            "chunks": new_ids,
        }
        self._save_now_and_then(manifest)
        (result.updated if entry else result.added).append(path.name)
        result.chunks_embedded += len(missing)
        result.chunks_reused += len(chunks) - len(missing)
        log.info("%s: %d đoạn (%d nhúng mới)", path.name, len(chunks), len(missing))

    def _remove(self, name: str, manifest: Manifest) -> None:
        entry = manifest.reports.pop(name)
        self.store.delete(entry["chunks"])
        self.paths.report_json(name).unlink(missing_ok=True)
        self.paths.report_words(name).unlink(missing_ok=True)
        self.paths.report_figures(name).unlink(missing_ok=True)
        self.paths.report_clauses(name).unlink(missing_ok=True)
        self._save_now_and_then(manifest)
