"""Incremental ingest with the hashing embedder: what costs embeddings and what does not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import index.ingest as ingest_module
from index.embedder import HashingEmbedder
from index.errors import ModelNotFoundError
from index.figures import FIGURES_VERSION
from index.manifest import IndexPaths, load_manifest, save_manifest
from index.parse import PARSER_VERSION
from index.report_store import load_report_figures, load_report_words
from index.store import ChunkStore
from tests.conftest import REPORTS, make_ingestor

REPORT = "000_773a491ad26e4c27.txt"


def copy_reports(target: Path, names: list[str]) -> Path:
    target.mkdir()
    for name in names:
        shutil.copy(REPORTS / name, target / name)
    return target


def test_unchanged_reingest_computes_no_embeddings(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT, "004_ba5538cea7ae7ccd.txt"])
    embedder = HashingEmbedder()
    first = make_ingestor(tmp_path / "data", embedder).run([reports])
    assert sorted(first.added) == [REPORT, "004_ba5538cea7ae7ccd.txt"] and first.chunks_embedded > 0
    embedded_before = embedder.documents_embedded
    again = make_ingestor(tmp_path / "data", embedder).run([reports])
    assert sorted(again.unchanged) == [REPORT, "004_ba5538cea7ae7ccd.txt"]
    assert again.chunks_embedded == 0 and embedder.documents_embedded == embedded_before


def test_changed_report_replaces_its_chunks_and_reuses_unchanged_embeddings(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    store = ChunkStore.persistent(IndexPaths(data).chroma_dir)
    count_before = store.count()
    path = reports / REPORT
    path.write_text(path.read_text(encoding="utf-8").replace("1.286 trạm", "1.300 trạm"), encoding="utf-8")
    embedder = HashingEmbedder()
    result = make_ingestor(data, embedder).run([reports])
    assert result.updated == [REPORT]
    assert result.chunks_embedded == 1 and result.chunks_reused == count_before - 1
    texts = [c.text for c in store.all_chunks()]
    assert store.count() == count_before
    assert any("1.300 trạm" in t for t in texts) and not any("1.286 trạm" in t for t in texts)
    manifest = load_manifest(IndexPaths(data).manifest)
    assert sorted(manifest.reports[REPORT]["chunks"]) == sorted(c.id for c in store.all_chunks())


def test_prune_drops_reports_whose_files_are_gone(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT, "004_ba5538cea7ae7ccd.txt"])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    (reports / REPORT).unlink()
    result = make_ingestor(data).run([reports], prune=True)
    assert result.removed == [REPORT]
    store = ChunkStore.persistent(IndexPaths(data).chroma_dir)
    assert {c.report_file for c in store.all_chunks()} == {"004_ba5538cea7ae7ccd.txt"}
    assert REPORT not in load_manifest(IndexPaths(data).manifest).reports


def test_bad_file_is_named_and_the_rest_is_indexed(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    (reports / "empty.txt").write_text("", encoding="utf-8")
    (reports / "notes.xlsx").write_bytes(b"PK")
    result = make_ingestor(tmp_path / "data").run([reports, tmp_path / "missing.txt"])
    assert result.added == [REPORT]
    failed = {Path(f.file).name: f.reason for f in result.failed}
    assert set(failed) == {"empty.txt", "notes.xlsx", "missing.txt"}
    assert "rỗng" in failed["empty.txt"] and "không được hỗ trợ" in failed["notes.xlsx"]
    assert not result.ok


def test_changing_the_embedder_rebuilds_the_index(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data, HashingEmbedder(256)).run([reports])
    other = HashingEmbedder(128)
    result = make_ingestor(data, other).run([reports])
    assert result.added == [REPORT] and other.documents_embedded == result.chunks_embedded > 0


def test_words_and_figures_are_saved_at_ingest_and_pruned_with_the_report(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    words_file = IndexPaths(data).report_words(REPORT)
    figures_file = IndexPaths(data).report_figures(REPORT)
    assert "thue bao" in json.loads(words_file.read_text(encoding="utf-8"))
    saved = json.loads(figures_file.read_text(encoding="utf-8"))
    figures = saved["figures"]
    assert saved["version"] == FIGURES_VERSION
    assert figures and all(f["report_file"] == REPORT and f["value"] for f in figures)
    (reports / REPORT).unlink()
    make_ingestor(data).run([reports], prune=True)
    assert not words_file.exists() and not figures_file.exists()


def test_a_report_parsed_by_an_older_parser_is_parsed_again_without_new_embeddings(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    paths = IndexPaths(data)
    manifest = load_manifest(paths.manifest)
    manifest.reports[REPORT]["parser"] = PARSER_VERSION - 1
    save_manifest(paths.manifest, manifest)
    embedder = HashingEmbedder()
    result = make_ingestor(data, embedder).run([reports])
    assert result.updated == [REPORT] and result.chunks_embedded == 0 and result.chunks_reused > 0
    assert load_manifest(paths.manifest).reports[REPORT]["parser"] == PARSER_VERSION
    assert make_ingestor(data, embedder).run([reports]).unchanged == [REPORT]


def test_words_missing_from_an_older_index_are_made_once(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    paths = IndexPaths(data)
    paths.report_words(REPORT).unlink()
    assert "thue bao" in load_report_words(paths, REPORT)
    assert paths.report_words(REPORT).exists()


def test_figures_of_an_older_version_or_damaged_are_made_again(tmp_path: Path):
    reports = copy_reports(tmp_path / "reports", [REPORT])
    data = tmp_path / "data"
    make_ingestor(data).run([reports])
    paths = IndexPaths(data)
    chunks = ChunkStore.persistent(paths.chroma_dir).all_chunks()
    expected = load_report_figures(paths, REPORT, chunks)
    for stale in ('[{"value": "1"}]', "{not json", '{"version": 1, "figures": []}'):
        paths.report_figures(REPORT).write_text(stale, encoding="utf-8")
        assert load_report_figures(paths, REPORT, chunks) == expected
    assert json.loads(paths.report_figures(REPORT).read_text(encoding="utf-8"))["version"] == FIGURES_VERSION


class _FailsOnSecondReport(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.calls == 3:  # each report embeds its passages, then its clauses
            raise ModelNotFoundError("model gone")
        return super().embed_documents(texts)


def test_a_run_stopped_between_manifest_saves_keeps_what_it_did_and_the_next_run_completes(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr(ingest_module, "MANIFEST_SAVE_INTERVAL_S", 1e9)  # no save until the run ends
    names = [REPORT, "004_ba5538cea7ae7ccd.txt"]
    reports = copy_reports(tmp_path / "reports", names)
    with pytest.raises(ModelNotFoundError):
        make_ingestor(tmp_path / "data", _FailsOnSecondReport()).run([reports])
    manifest = load_manifest(IndexPaths(tmp_path / "data").manifest)
    assert manifest is not None and list(manifest.reports) == [REPORT]  # saved on the way out
    ingestor = make_ingestor(tmp_path / "data")
    again = ingestor.run([reports])
    assert again.unchanged == [REPORT] and again.added == ["004_ba5538cea7ae7ccd.txt"]
    manifest = load_manifest(IndexPaths(tmp_path / "data").manifest)
    named = [i for entry in manifest.reports.values() for i in entry["chunks"]]
    assert sorted(named) == sorted(c.id for c in ingestor.store.all_chunks())
