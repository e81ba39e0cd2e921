"""How close each clause is to the question, by the embedding model: the cosine of the question's
vector (the one the dense search embedded) with the clause vectors saved at ingest."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np

from index.clause_vectors import ClauseVectors

Similarity = Callable[[str, int, int], float | None]  # (report file, start, end) -> cosine or None


class ClauseModel:
    def __init__(self, load: Callable[[str], ClauseVectors | None]) -> None:
        self._load = load
        self._reports: dict[str, tuple[ClauseVectors, dict[tuple[int, int], int]] | None] = {}
        self._lock = threading.Lock()

    def _vectors(self, report_file: str) -> tuple[ClauseVectors, dict[tuple[int, int], int]] | None:
        with self._lock:
            if report_file not in self._reports:
                found = self._load(report_file)
                self._reports[report_file] = (found, found.lookup()) if found is not None else None
            return self._reports[report_file]

    def similarity(self, query_vector: Sequence[float] | None) -> Similarity | None:
        """The scorer for one question; None when the question was not embedded (lexical search)."""
        if query_vector is None:
            return None
        query = np.asarray(query_vector, dtype=np.float32)

        def score(report_file: str, start: int, end: int) -> float | None:
            found = self._vectors(report_file)
            if found is None:
                return None
            vectors, at = found
            i = at.get((start, end))
            if i is None or vectors.vectors.shape[1] != query.shape[0]:
                return None
            return float(vectors.vectors[i] @ query)

        return score
