"""The search state saved between starts: reused while the index is unchanged, rebuilt otherwise."""

from __future__ import annotations

import logging
import shutil

from assistant.search_state import SearchState, load_or_build, state_key
from assistant.service import Assistant
from assistant.settings import Settings
from index.lexical import LexicalIndex
from index.manifest import IndexPaths
from index.restore import DiacriticRestorer
from index.store import ChunkStore
from index.types import Chunk, SectionKind
from index.vocabulary import Vocabulary
from tests.conftest import REPORTS, make_ingestor


def _state(*ids: str) -> SearchState:
    chunks = [
        Chunk(i, f"trạm BTS {i}", "a.txt", "", "", "1. Viễn thông", SectionKind.result, 0, 9, None)
        for i in ids
    ]
    texts = [c.text for c in chunks]
    return SearchState(chunks, LexicalIndex(texts), DiacriticRestorer.from_texts(texts))


class _Builder:
    def __init__(self, state: SearchState) -> None:
        self.state = state
        self.calls = 0

    def __call__(self) -> SearchState:
        self.calls += 1
        return self.state


def test_the_key_follows_the_manifest_and_the_question_phrases():
    vocabulary = Vocabulary((), ("bao nhiêu",))
    key = state_key('{"reports": {}}', vocabulary)
    assert key == state_key('{"reports": {}}', vocabulary)
    assert key != state_key('{"reports": {"a.txt": {}}}', vocabulary)
    assert key != state_key('{"reports": {}}', Vocabulary((), ("bao nhiêu", "mấy")))


def test_a_saved_state_is_read_back_under_its_key_and_rebuilt_under_another(tmp_path):
    path = tmp_path / "search_state.pickle"
    build = _Builder(_state("c1", "c2"))
    first = load_or_build(path, "k1", build, {"c1", "c2"})
    again = load_or_build(path, "k1", build, {"c1", "c2"})
    assert build.calls == 1 and path.exists()
    assert [c.id for c in again.chunks] == [c.id for c in first.chunks] == ["c1", "c2"]
    assert list(again.lexical.scores("BTS c2")) == list(first.lexical.scores("BTS c2"))
    assert again.restorer.restore("tram") == "trạm"
    other = _Builder(_state("c3"))
    assert [c.id for c in load_or_build(path, "k2", other, {"c3"}).chunks] == ["c3"]
    assert other.calls == 1
    assert [c.id for c in load_or_build(path, "k2", other, {"c3"}).chunks] == ["c3"] and other.calls == 1


def test_a_damaged_file_is_rebuilt_with_a_warning(tmp_path, caplog):
    path = tmp_path / "search_state.pickle"
    path.write_bytes(b"\x80\x05not a pickle")
    build = _Builder(_state("c1"))
    with caplog.at_level(logging.WARNING):
        state = load_or_build(path, "k", build, {"c1"})
    assert [c.id for c in state.chunks] == ["c1"] and build.calls == 1
    assert "search_state.pickle" in caplog.text
    load_or_build(path, "k", build, {"c1"})
    assert build.calls == 1  # the rebuilt state was saved over the damaged file


def test_a_store_that_disagrees_with_the_manifest_is_not_saved(tmp_path):
    # An ingest is writing: the store already holds a passage the manifest does not name yet.
    path = tmp_path / "search_state.pickle"
    state = load_or_build(path, "k", _Builder(_state("c1", "c2")), {"c1"})
    assert len(state.chunks) == 2 and not path.exists()


def test_a_read_only_folder_still_answers(tmp_path, caplog):
    path = tmp_path / "missing-folder" / "search_state.pickle"
    (tmp_path / "missing-folder").write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING):
        state = load_or_build(path, "k", _Builder(_state("c1")), {"c1"})
    assert [c.id for c in state.chunks] == ["c1"] and "lần khởi động sau" in caplog.text


def test_the_assistant_starts_from_the_saved_state_until_a_report_changes(tmp_path, fake_index, monkeypatch):
    source, embedder = fake_index
    data_dir = tmp_path / "index"
    shutil.copytree(source, data_dir)
    IndexPaths(data_dir).search_state.unlink(missing_ok=True)
    settings = Settings(data_dir=data_dir)
    first = Assistant.from_settings(settings, embedder=embedder)
    question = "bao nhieu tram BTS thang 10/2023"
    expected = [(r.chunk.id, r.score) for r in first.retriever.retrieve(question).chunks]
    assert IndexPaths(data_dir).search_state.exists()

    def no_store_reads(self):
        raise AssertionError("the passages were read from the store again")

    with monkeypatch.context() as patched:
        patched.setattr(ChunkStore, "all_chunks", no_store_reads)
        warm = Assistant.from_settings(settings, embedder=embedder)
        assert [(r.chunk.id, r.score) for r in warm.retriever.retrieve(question).chunks] == expected
        assert "1.286" in warm.ask("bao nhiêu trạm BTS tháng 10/2023?").text

    # A new report changes the manifest: the next start reads the store and finds it.
    extra = tmp_path / "extra"
    extra.mkdir()
    text = (REPORTS / "000_773a491ad26e4c27.txt").read_text(encoding="utf-8")
    (extra / "bao_cao_thang_11_2031.txt").write_text(
        text.replace("10/2023", "11/2031").replace("tháng 10 năm 2023", "tháng 11 năm 2031"), encoding="utf-8"
    )
    assert make_ingestor(data_dir, embedder).run([extra]).ok
    after = Assistant.from_settings(settings, embedder=embedder)
    assert len(after.retriever.chunks) > len(first.retriever.chunks)
    assert any(r.file_name == "bao_cao_thang_11_2031.txt" for r in after.reports)
    assert any(
        r.chunk.report_file == "bao_cao_thang_11_2031.txt"
        for r in after.retriever.retrieve("trạm BTS tháng 11/2031").chunks
    )
