from __future__ import annotations

from pathlib import Path

import pytest

import index.store as store_module
from index.embedder import HashingEmbedder
from index.store import ChunkStore
from tests.conftest import REPORTS, make_ingestor


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> ChunkStore:
    data = tmp_path_factory.mktemp("store")
    ingestor = make_ingestor(Path(data))
    ingestor.run([REPORTS])
    return ingestor.store


def test_a_narrow_search_computed_here_ranks_as_chromas_own(indexed: ChunkStore, monkeypatch):
    ids = sorted(c.id for c in indexed.all_chunks())[:60]
    query = HashingEmbedder().embed_query("số trạm BTS trên địa bàn tỉnh")
    exact = indexed.query(query, 10, ids=ids)
    monkeypatch.setattr(store_module, "EXACT_SEARCH_MAX_IDS", 0)  # the same search by Chroma
    by_chroma = indexed.query(query, 10, ids=ids)
    assert [s.id for s in exact] == [s.id for s in by_chroma]
    assert all(abs(a.score - b.score) < 1e-5 for a, b in zip(exact, by_chroma, strict=True))
    assert all(s.id in ids for s in exact) and len(exact) == 10


def test_a_narrow_search_among_unknown_ids_finds_nothing(indexed: ChunkStore):
    assert indexed.query(HashingEmbedder().embed_query("BTS"), 5, ids=["no-such-chunk"]) == []


def test_all_chunks_read_in_pages_are_every_chunk_once_in_store_order(indexed: ChunkStore, monkeypatch):
    whole = [c.id for c in indexed.all_chunks()]
    monkeypatch.setattr(store_module, "_PAGE", 7)
    paged = [c.id for c in indexed.all_chunks()]
    assert paged == whole and len(set(paged)) == indexed.count() > 7
