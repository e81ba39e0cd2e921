"""Clause vectors made at ingest, kept for unchanged clauses, read back for scoring evidence."""

from __future__ import annotations

import numpy as np

from assistant.clause_model import ClauseModel
from index import clause_vectors
from index.embedder import HashingEmbedder
from index.types import Chunk, SectionKind


def chunk(text: str, start: int = 0) -> Chunk:
    return Chunk("c", text, "r.txt", "Báo cáo", "tháng 1/2025", "3. Viễn thông", SectionKind.result, start,
                 start + len(text), None)  # fmt: skip


class Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.seen.extend(texts)
        return super().embed_documents(texts)


TEXT = "- Toàn tỉnh có 1.425 trạm BTS; trong đó 41 trạm 5G.\nBảng 1 — Viettel — 5G: 33; 4G: 590"


def test_clauses_are_the_evidence_units_with_report_offsets_and_a_table_row_whole():
    found = clause_vectors.clause_offsets([chunk(TEXT, start=100)])
    assert [t for _, _, t in found] == [
        "Toàn tỉnh có 1.425 trạm BTS",
        "trong đó 41 trạm 5G.",
        "Bảng 1 — Viettel — 5G: 33; 4G: 590",
    ]
    a, b, text = found[0]
    assert (a, b) == (102, 102 + len(text))


def test_unchanged_clauses_keep_their_vectors_and_the_file_round_trips(tmp_path):
    embedder = Counting()
    first = clause_vectors.build([chunk(TEXT)], embedder)
    assert len(embedder.seen) == 3
    changed = TEXT.replace("41 trạm 5G", "47 trạm 5G")
    embedder.seen.clear()
    second = clause_vectors.build([chunk(changed)], embedder, first)
    assert embedder.seen == ["trong đó 47 trạm 5G."]
    path = tmp_path / "r.txt.clauses.npz"
    clause_vectors.save(path, second)
    loaded = clause_vectors.load(path)
    assert loaded.texts == second.texts and np.allclose(loaded.vectors, second.vectors, atol=1e-3)
    assert clause_vectors.load(tmp_path / "none.npz") is None
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    assert clause_vectors.load(tmp_path / "bad.npz") is None


def test_the_clause_model_scores_a_clause_by_its_cosine_with_the_question():
    embedder = HashingEmbedder()
    clauses = clause_vectors.build([chunk(TEXT)], embedder)
    model = ClauseModel(lambda name: clauses if name == "r.txt" else None)
    score = model.similarity(embedder.embed_query("bao nhiêu trạm 5G của Viettel"))
    a, b = int(clauses.starts[2]), int(clauses.ends[2])
    assert score("r.txt", a, b) == float(clauses.vectors[2] @ np.asarray(embedder.embed_query(
        "bao nhiêu trạm 5G của Viettel"), dtype=np.float32))  # fmt: skip
    assert score("r.txt", 0, 3) is None and score("other.txt", a, b) is None
    assert model.similarity(None) is None
