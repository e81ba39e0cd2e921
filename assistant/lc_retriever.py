"""The period-aware hybrid retriever as a langchain retriever, for chains and the optional LLM path."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from assistant.retrieval import HybridRetriever
from assistant.types import RetrievedChunk


def to_document(item: RetrievedChunk) -> Document:
    chunk = item.chunk
    metadata: dict[str, Any] = {
        "id": chunk.id,
        "report_file": chunk.report_file,
        "report_title": chunk.report_title,
        "report_period": chunk.report_period,
        "period": chunk.about.label() if chunk.about else None,
        "section": chunk.section,
        "section_kind": chunk.kind.value,
        "start": chunk.start,
        "end": chunk.end,
        "score": item.score,
        "period_match": item.period_match.value if item.period_match else None,
    }
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.id)


class ReportRetriever(BaseRetriever):
    """`invoke("bao nhiêu trạm BTS tháng 10/2023?")` -> the chunks, best first, with their sources."""

    retriever: HybridRetriever
    k: int = 10

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [to_document(item) for item in self.retriever.retrieve(query, self.k).chunks]
