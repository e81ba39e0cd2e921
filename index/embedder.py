"""Embedders: the sentence-transformers model (real) and a hashing embedder (tests, plumbing).

Both follow langchain's Embeddings interface, so retrieval code can treat them alike.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from index.errors import ModelNotFoundError
from index.text import fold_diacritics

log = logging.getLogger(__name__)


class HashingEmbedder(Embeddings):
    """Deterministic bag-of-words vectors: no model, no download. Counts the texts it embeds."""

    def __init__(self, dims: int = 256) -> None:
        self.dims = dims
        self.name = f"hashing-{dims}"
        self.documents_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dims
        for token in re.findall(r"\w+", fold_diacritics(text)):
            h = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
            vec[h % self.dims] += 1.0 if (h >> 32) & 1 else -1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class SentenceTransformerEmbedder(Embeddings):
    """A sentence-transformers model, loaded once, applying its query/document prompts."""

    def __init__(self, model: Any, name: str, batch_size: int = 8) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self.documents_embedded = 0
        prompts = getattr(model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._document_prompt = "document" if "document" in prompts else None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # Sorting by length keeps padding small inside each batch; results go back in order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = self.model.encode(
            [texts[i] for i in order],
            prompt_name=self._document_prompt,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        result: list[list[float]] = [[] for _ in texts]
        for position, i in enumerate(order):
            result[i] = vectors[position].tolist()
        self.documents_embedded += len(texts)
        return result

    def embed_query(self, text: str) -> list[float]:
        vector = self.model.encode(
            [text],
            prompt_name=self._query_prompt,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vector[0].tolist()


def load_sentence_transformer(
    name_or_path: str, local_path: Path | None, max_seq_length: int, batch_size: int
) -> SentenceTransformerEmbedder:
    """Load the model once per process. The bundled model must be fetched first."""
    if local_path is not None and not local_path.exists():
        raise ModelNotFoundError(f"Chưa có mô hình nhúng tại {local_path}: chạy `baocao models fetch`.")
    if local_path is not None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer  # lazy: heavy import
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" bars are noise in a CLI answer
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    source = str(local_path) if local_path is not None else name_or_path
    log.info("Đang nạp mô hình nhúng %s", source)
    try:
        model = SentenceTransformer(source, device="cpu", local_files_only=local_path is not None)
    except OSError as exc:
        raise ModelNotFoundError(
            f"Không nạp được mô hình nhúng {source!r} ({exc}): chạy `baocao models fetch` "
            "hoặc đặt BAOCAO_EMBEDDING_MODEL là một thư mục sentence-transformers."
        ) from exc
    model.max_seq_length = max_seq_length
    return SentenceTransformerEmbedder(model, name=name_or_path, batch_size=batch_size)


class QueryCache(Embeddings):
    """Remembers query embeddings: the evaluation asks the same question under several retrievers."""

    def __init__(self, inner: Embeddings, size: int = 4096) -> None:
        self.inner = inner
        self.size = size
        self._cache: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._cache:
            if len(self._cache) >= self.size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[text] = self.inner.embed_query(text)
        return self._cache[text]
