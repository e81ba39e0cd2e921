"""The retriever through langchain's interface."""

from __future__ import annotations

from assistant.lc_retriever import ReportRetriever
from assistant.service import Assistant
from assistant.settings import Settings


def test_invoke_returns_documents_with_their_sources(fake_index):
    data_dir, embedder = fake_index
    assistant = Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    retriever = ReportRetriever(retriever=assistant.retriever, k=3)
    documents = retriever.invoke("bao nhiêu trạm BTS tháng 10/2023?")
    assert len(documents) == 3
    for document in documents:
        assert document.metadata["report_file"] == "000_773a491ad26e4c27.txt"
        assert document.metadata["period"] == "tháng 10/2023"
        assert document.metadata["period_match"] == "exact"
        assert document.page_content and document.id == document.metadata["id"]
    assert retriever.batch(["tháng 12/2023 có bao nhiêu trạm BTS"]) == [[]]
