"""Gradio chat UI: the chat box and answers with their numbered citations.

The UI only calls Assistant.ask; it holds no retrieval logic.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from assistant.conversation import Turn
from assistant.render import render_text
from assistant.service import Assistant
from assistant.settings import Settings
from index.errors import BaocaoError

log = logging.getLogger(__name__)

EXAMPLES = [
    "bao nhiêu trạm BTS tháng 10/2023?",
    "Số điểm phục vụ bưu chính tháng 6/2023 là bao nhiêu?",
    "kế hoạch tháng 11/2023 có gì về chuyển đổi số?",
]


def _text_of(content: Any) -> str:
    """Gradio message content: a string, or a list of parts with "text"."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return ""


def history_turns(history: list[dict[str, Any]]) -> list[Turn]:
    return [
        Turn(m["role"], _text_of(m.get("content"))) for m in history if m.get("role") in ("user", "assistant")
    ]


def make_responder(assistant: Assistant):
    def respond(message: str, history: list[dict[str, Any]]) -> str:
        try:
            answer = assistant.ask(message, history_turns(history))
        except BaocaoError as exc:
            return f"⚠️ {exc}"
        return render_text(answer, assistant.templates)

    return respond


def build_app(assistant: Assistant) -> Any:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr  # lazy: heavy import

    periods = ", ".join(r.period_label for r in assistant.reports)
    return gr.ChatInterface(
        make_responder(assistant),
        title="baocao — Hỏi đáp báo cáo công tác Sở TT&TT Trà Vinh",
        description=f"Trả lời kèm trích dẫn nguồn. Các kỳ báo cáo hiện có: {periods}.",
        examples=EXAMPLES,
        examples_label="Câu hỏi mẫu",
        textbox=gr.Textbox(
            placeholder="Nhập câu hỏi, ví dụ: bao nhiêu trạm BTS tháng 10/2023?",
            submit_btn="Gửi",
            stop_btn="Dừng",
        ),
        analytics_enabled=False,
        api_name="chat",
    )


def serve(settings: Settings, host: str, port: int) -> None:
    assistant = Assistant.from_settings(settings)
    app = build_app(assistant)
    log.warning("Giao diện đang chạy tại http://%s:%d", host, port)
    # Never share=True: reports stay on this machine.
    app.launch(server_name=host, server_port=port, share=False, show_error=True, footer_links=[])
