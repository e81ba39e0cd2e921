"""The vector store: chunks, their embeddings and flat metadata in a Chroma collection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from index.errors import StoreConnectionError
from index.types import Chunk, Period, PeriodKind, SectionKind

COLLECTION = "baocao_chunks"
# A search among this many chunks or fewer (one period's reports) reads their vectors and compares them
# here: Chroma's graph search answers a narrow filter more slowly (measured: 40 ids of 26 000, 24 ms
# against 4 ms; from about 200 ids on, the graph is faster).
EXACT_SEARCH_MAX_IDS = 150
_PAGE = 2000


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Chroma metadata must be flat scalars; periods become ISO dates and a kind."""
    about = chunk.about
    return {
        "report_file": chunk.report_file,
        "report_title": chunk.report_title,
        "report_period": chunk.report_period,
        "section": chunk.section,
        "kind": chunk.kind.value,
        "start": chunk.start,
        "end": chunk.end,
        "about_start": about.start.isoformat() if about else "",
        "about_end": about.end.isoformat() if about else "",
        "about_kind": about.kind.value if about else "",
    }


def chunk_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    about = None
    if meta.get("about_start"):
        about = Period(
            date.fromisoformat(str(meta["about_start"])),
            date.fromisoformat(str(meta["about_end"])),
            PeriodKind(meta["about_kind"]),
        )
    return Chunk(
        id=chunk_id,
        text=text,
        report_file=str(meta["report_file"]),
        report_title=str(meta["report_title"]),
        report_period=str(meta["report_period"]),
        section=str(meta["section"]),
        kind=SectionKind(meta["kind"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        about=about,
    )


@dataclass(frozen=True)
class ScoredId:
    id: str
    score: float  # cosine similarity


class ChunkStore:
    """Thin wrapper over one Chroma collection; embeddings always come from us."""

    def __init__(self, client: Any, collection: str = COLLECTION) -> None:
        self._client = client
        self._name = collection
        # embedding_function=None: Chroma's default would download an ONNX model.
        self._collection = client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    @classmethod
    def persistent(cls, path: Path, collection: str = COLLECTION) -> ChunkStore:
        import chromadb  # lazy: heavy import
        from chromadb.config import Settings as ChromaSettings

        path.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(path), settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True)
        )
        return cls(client, collection)

    @classmethod
    def http(cls, url: str, collection: str = COLLECTION) -> ChunkStore:
        """A Chroma server (`chroma run`) instead of the embedded store: "http://127.0.0.1:8000"."""
        import chromadb  # lazy: heavy import
        from chromadb.config import Settings as ChromaSettings

        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise StoreConnectionError(
                f"BAOCAO_CHROMA_URL={url!r} không hợp lệ: dùng dạng http://máy-chủ:cổng (ví dụ http://127.0.0.1:8000)."
            )
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=ChromaSettings(anonymized_telemetry=False),
            )
            return cls(client, collection)
        except Exception as exc:  # the client raises its own connection errors
            raise StoreConnectionError(
                f"Không kết nối được máy chủ Chroma {url}: {exc}. "
                "Kiểm tra `chroma run` đang chạy và địa chỉ đúng."
            ) from exc

    def reset(self) -> None:
        self._client.delete_collection(self._name)
        self._collection = self._client.get_or_create_collection(
            self._name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def count(self) -> int:
        return self._collection.count()

    def embeddings_for(self, ids: list[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        got = self._collection.get(ids=ids, include=["embeddings"])
        return {i: list(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}

    def upsert(self, chunks: list[Chunk], embeddings: list[list[float]]) -> None:
        for start in range(0, len(chunks), 500):
            part = chunks[start : start + 500]
            self._collection.upsert(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[chunk_metadata(c) for c in part],
                embeddings=embeddings[start : start + 500],
            )

    def delete(self, ids: list[str]) -> None:
        if ids:
            self._collection.delete(ids=ids)

    def ids_of_report(self, report_file: str) -> list[str]:
        return self._collection.get(where={"report_file": report_file}, include=[])["ids"]

    def all_chunks(self) -> list[Chunk]:
        # Read a page at a time: one read of 26 000 chunks held 560 MB more at its peak than pages do.
        chunks: list[Chunk] = []
        while True:
            got = self._collection.get(include=["documents", "metadatas"], limit=_PAGE, offset=len(chunks))
            chunks.extend(
                chunk_from_record(i, d, m)
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            )
            if len(got["ids"]) < _PAGE:
                return chunks

    def query(self, embedding: list[float], n: int, ids: list[str] | None = None) -> list[ScoredId]:
        """Nearest chunks by cosine similarity, optionally among `ids` only."""
        total = len(ids) if ids is not None else self.count()
        if total == 0:
            return []
        if ids is not None and total <= EXACT_SEARCH_MAX_IDS:
            return self._exact_query(embedding, n, ids)
        result = self._collection.query(
            query_embeddings=[embedding], n_results=min(n, total), ids=ids, include=["distances"]
        )
        return [ScoredId(i, 1.0 - d) for i, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def _exact_query(self, embedding: list[float], n: int, ids: list[str]) -> list[ScoredId]:
        """Cosine similarity to each of a few chunks, computed here from their stored vectors."""
        import numpy as np

        got = self._collection.get(ids=ids, include=["embeddings"])
        if not got["ids"]:
            return []
        vectors = np.asarray(got["embeddings"], dtype=np.float64)
        query = np.asarray(embedding, dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0)
        similarity = vectors @ query / np.where(norms > 0, norms, 1.0)
        order = np.argsort(-similarity, kind="stable")[:n]
        return [ScoredId(got["ids"][i], float(similarity[i])) for i in order.tolist()]
