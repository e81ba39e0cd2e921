"""Clause vectors, computed at ingest and read back at answer time.

The unit an answer quotes is a clause (`index.figures.clause_spans`; a table row is one). Each clause
of a report's chunks is embedded with the model's document prompt, once: scoring 25-45 clauses at
question time would take 4-6 s on two cores (../shared/notes/clause-scoring.md), reading them back
takes milliseconds. A clause whose text is unchanged keeps its vector when its report is re-ingested.
Stored per report as one .npz: report-text offsets and float16 vectors (normalised).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from index.figures import clause_spans
from index.manifest import write_atomic
from index.types import Chunk

log = logging.getLogger(__name__)

# Shorter pieces ("a)", "Kết quả:") say nothing an answer could quote.
MIN_CLAUSE_CHARS = 15


def clause_offsets(chunks: Iterable[Chunk]) -> list[tuple[int, int, str]]:
    """(start, end, text) in the report text of every clause of the chunks, each span once."""
    found: dict[tuple[int, int], str] = {}
    for chunk in chunks:
        for a, b in clause_spans(chunk.text):
            if b - a >= MIN_CLAUSE_CHARS:
                found.setdefault((chunk.start + a, chunk.start + b), chunk.text[a:b])
    return [(a, b, text) for (a, b), text in sorted(found.items())]


@dataclass(frozen=True)
class ClauseVectors:
    starts: np.ndarray  # int64
    ends: np.ndarray
    vectors: np.ndarray  # float32, one normalised row per clause
    texts: tuple[str, ...]

    def lookup(self) -> dict[tuple[int, int], int]:
        return {(int(a), int(b)): i for i, (a, b) in enumerate(zip(self.starts, self.ends, strict=True))}


def build(
    chunks: Sequence[Chunk], embedder: Embeddings, previous: ClauseVectors | None = None
) -> ClauseVectors:
    """The report's clause vectors; clauses whose text `previous` holds keep their vector."""
    clauses = clause_offsets(chunks)
    known = {t: previous.vectors[i] for i, t in enumerate(previous.texts)} if previous else {}
    missing = list(dict.fromkeys(t for _, _, t in clauses if t not in known))
    if missing:
        for text, vector in zip(missing, embedder.embed_documents(missing), strict=True):
            known[text] = np.asarray(vector, dtype=np.float32)
    dims = len(next(iter(known.values()))) if known else 0
    vectors = np.stack([known[t] for _, _, t in clauses]) if clauses else np.zeros((0, dims), np.float32)
    return ClauseVectors(
        np.array([a for a, _, _ in clauses], dtype=np.int64),
        np.array([b for _, b, _ in clauses], dtype=np.int64),
        vectors.astype(np.float32),
        tuple(t for _, _, t in clauses),
    )


def save(path: Path, clauses: ClauseVectors) -> None:
    out = io.BytesIO()
    np.savez_compressed(
        out,
        starts=clauses.starts,
        ends=clauses.ends,
        vectors=clauses.vectors.astype(np.float16),
        texts=np.array(clauses.texts, dtype=str),
    )
    write_atomic(path, out.getvalue())


def load(path: Path) -> ClauseVectors | None:
    """The saved vectors, or None when the report has none (indexed before they existed) or the file
    cannot be read: evidence is then chosen without them."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return ClauseVectors(
                data["starts"].astype(np.int64),
                data["ends"].astype(np.int64),
                data["vectors"].astype(np.float32),
                tuple(str(t) for t in data["texts"]),
            )
    except (OSError, ValueError, KeyError) as exc:
        if path.exists():
            log.warning(
                "%s: không đọc được vector các vế câu (%s); chọn bằng chứng không dùng chúng.", path, exc
            )
        return None
