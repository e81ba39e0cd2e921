"""The chat UI served on loopback and called through Gradio's API, as a user's client would."""

from __future__ import annotations

import socket

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from ui.app import build_app, history_turns


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_history_turns_reads_gradio_messages():
    history = [
        {"role": "user", "content": "bao nhiêu trạm BTS tháng 10/2023?"},
        {"role": "assistant", "content": [{"type": "text", "text": "1.286"}]},
    ]
    turns = history_turns(history)
    assert [(t.role, t.content) for t in turns] == [
        ("user", "bao nhiêu trạm BTS tháng 10/2023?"),
        ("assistant", "1.286"),
    ]


@pytest.fixture(scope="module")
def served(fake_index):
    data_dir, embedder = fake_index
    app = build_app(Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder))
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_chat_through_the_api_answers_with_citation(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    reply = client.predict("bao nhiêu trạm BTS tháng 10/2023?", api_name="/chat")
    assert "1.286" in reply and "000_773a491ad26e4c27.txt" in reply and "[1]" in reply


def test_page_is_in_vietnamese(served):
    import urllib.request

    html = urllib.request.urlopen(served, timeout=10).read().decode("utf-8")
    assert "Hỏi đáp báo cáo" in html
