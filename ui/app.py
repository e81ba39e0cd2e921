"""Gradio chat UI: conversation, numbered citations with their source, report filter and upload, a chart
for a metric across periods, feedback, and answer sheets for cử tri meetings.

The UI only calls the assistant (`ask`, `restricted`, `source_of`, `build_sheet`) and the ingestor; it
holds no retrieval logic. Labels are data in prompts/ui.vi.toml.
"""

from __future__ import annotations

import html
import json
import logging
import os
import queue
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.conversation import Turn
from assistant.explain import load_explain_templates, render_explanation
from assistant.render import render_text
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.sheet import build_sheet, load_sheet_templates, read_questions, sheet_markdown, write_docx
from assistant.templates import PROMPTS_DIR, load_prompt_file
from assistant.types import Answer, Citation
from index.errors import BaocaoError
from index.loaders import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

EXAMPLES = [
    "bao nhiêu trạm BTS tháng 10/2023?",
    "Số điểm phục vụ bưu chính tháng 6/2023 là bao nhiêu?",
    "Số trạm BTS qua các kỳ báo cáo?",
    "kế hoạch tháng 11/2023 có gì về chuyển đổi số?",
]
CONCURRENT_ANSWERS = 4
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


class UITexts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    title: str
    intro: str
    chat_tab: str
    sheet_tab: str
    placeholder: str
    send: str
    new_chat: str
    examples: str
    thinking: str
    citations: str
    source_empty: str
    source_header: str
    source_page: str
    source_low_confidence: str
    chart: str
    chart_period: str
    chart_value: str
    feedback_comment: str
    feedback_send: str
    feedback_saved: str
    feedback_nothing: str
    reports: str
    reports_info: str
    no_report_chosen: str
    upload: str
    upload_button: str
    explain: str
    upload_none: str
    upload_progress: str
    upload_done: str
    upload_failed: str
    upload_bad_type: str
    upload_too_big: str
    sheet_intro: str
    sheet_questions: str
    sheet_button: str
    sheet_file: str
    sheet_progress: str
    error: str
    unexpected: str
    bad_history: str
    gradio: dict[str, str] = {}


@lru_cache(maxsize=4)
def load_ui_texts(path: Path = PROMPTS_DIR / "ui.vi.toml") -> UITexts:
    return load_prompt_file(path, UITexts, "nhãn giao diện")


# ---------------------------------------------------------------- pure helpers (tested without a browser)


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


def chat_safe(text: str) -> str:
    """Text for the chat window, where Markdown is rendered: markup and Markdown images or links from a
    question or a report are shown as written, never loaded ("![x](http://...)" would fetch a picture
    from another server). Tables and line breaks still render."""
    text = html.escape(text, quote=False)
    return text.replace("![", "&#33;&#91;").replace("](", "&#93;&#40;")


def citation_label(citation: Citation) -> str:
    section = citation.section.split(" > ")[-1]
    return f"[{citation.n}] {citation.period} — {section}"


def source_html(source: Any, texts: UITexts) -> str:
    """The cited section, escaped, with the quoted span marked."""
    before = html.escape(source.text[: source.quote_start])
    quote = html.escape(source.text[source.quote_start : source.quote_end])
    after = html.escape(source.text[source.quote_end :])
    header = texts.source_header.format(
        title=html.escape(source.report_title),
        period=html.escape(source.period),
        file=html.escape(source.report_file),
        section=html.escape(source.section),
    )
    if source.page is not None:
        header += texts.source_page.format(page=source.page)
    if source.low_confidence:
        header += texts.source_low_confidence
    return (
        f'<div id="source-panel">{_markdown_bold(header)}'
        f'<div class="source-text" style="white-space: pre-wrap">{before}'
        f'<mark id="cited-quote">{quote}</mark>{after}</div></div>'
    )


def _markdown_bold(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
    return "<p>" + text.replace("\n\n", "</p><p>") + "</p>"


def series_rows(answer: Answer) -> list[dict[str, Any]]:
    """A metric across periods as chart rows, oldest first; values that are not plain numbers left out."""
    rows = []
    for point in answer.series:
        try:
            number = float(Decimal(point.value.replace(",", ".")))  # normalised: "1286", "57,96"
        except (ArithmeticError, ValueError, TypeError):
            continue
        rows.append({"period": point.period, "value": number})
    return rows


def safe_upload_name(name: str) -> str:
    """A file name that stays inside the uploads folder: no folders, no odd characters."""
    base = Path(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    stem = _UNSAFE_NAME.sub("_", stem).strip(" ._") or "bao-cao"
    return f"{stem[:100]}{suffix.lower()}"


def upload_refusal(name: str, size: int, limit_mb: int, texts: UITexts) -> str | None:
    """Why an uploaded file is not indexed, or None: only report formats, up to the size limit."""
    suffix = Path(name).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        return texts.upload_bad_type.format(suffix=suffix or "?")
    if size > limit_mb * 1024 * 1024:
        return texts.upload_too_big.format(limit=limit_mb)
    return None


# ---------------------------------------------------------------- the app


@dataclass
class Shared:
    """What every browser session shares: the assistant (replaced when reports are added)."""

    assistant: Assistant
    settings: (
        Settings  # where uploads, feedback and the index live; the model name new chunks are recorded under
    )
    lock: threading.Lock = field(default_factory=threading.Lock)  # one ingest at a time
    feedback_lock: threading.Lock = field(default_factory=threading.Lock)


def _feedback_path(shared: Shared) -> Path:
    return shared.settings.data_dir / "feedback.jsonl"


def _save_feedback(shared: Shared, record: dict[str, Any]) -> None:
    path = _feedback_path(shared)
    path.parent.mkdir(parents=True, exist_ok=True)
    with shared.feedback_lock, path.open("a", encoding="utf-8") as out:
        out.write(
            json.dumps({"time": datetime.now().isoformat(timespec="seconds"), **record}, ensure_ascii=False)
        )
        out.write("\n")


def _answer_stream(assistant: Assistant, message: str, turns: list[Turn]) -> Iterator[str | Answer]:
    """Tokens as an LLM gives them (none without one), then the final Answer."""
    tokens: queue.Queue[Any] = queue.Queue()
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["answer"] = assistant.ask(message, turns, on_token=tokens.put)
        except BaocaoError as exc:
            result["error"] = exc
        finally:
            tokens.put(None)

    threading.Thread(target=work, daemon=True).start()
    while (token := tokens.get()) is not None:
        yield token
    if "error" in result:
        raise result["error"]
    yield result["answer"]


def build_app(assistant: Assistant, settings: Settings) -> Any:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import gradio as gr  # lazy: heavy import

    texts = load_ui_texts()
    explain_texts = load_explain_templates()
    shared = Shared(assistant, settings)

    def report_choices() -> list[tuple[str, str]]:
        return [(f"{r.period_label} — {r.file_name}", r.file_name) for r in shared.assistant.reports]

    def intro() -> str:
        return texts.intro.format(periods=", ".join(r.period_label for r in shared.assistant.reports))

    def respond(message: str, history: list[dict[str, Any]], chosen: list[str], known: list[str]):
        history = list(history or [])
        message = (message or "").strip()
        no_change = (gr.update(), gr.update(), gr.update(), gr.update(), gr.update())
        if not message:
            yield history, "", *no_change
            return
        turns = history_turns(history)
        history = [
            *history,
            {"role": "user", "content": chat_safe(message)},
            {"role": "assistant", "content": texts.thinking},
        ]
        yield history, "", *no_change
        current = shared.assistant
        # What this page unticked is left out; a report added since (by anyone) is searched.
        excluded = set(known or []) - set(chosen or [])
        if excluded:
            keep = [r.file_name for r in current.reports if r.file_name not in excluded]
            if not keep:
                history[-1] = {
                    "role": "assistant",
                    "content": texts.error.format(message=texts.no_report_chosen),
                }
                yield history, "", *no_change[:4], ""  # no trace of an earlier answer stays on screen
                return
            current = current.restricted(keep)
        streamed = ""
        try:
            for part in _answer_stream(current, message, turns):
                if isinstance(part, str):
                    streamed += part
                    history[-1] = {"role": "assistant", "content": streamed}
                    yield history, "", *no_change
                    continue
                answer = part
        except Exception as exc:  # shown in Vietnamese, not as Gradio's English error
            history[-1] = {"role": "assistant", "content": texts.error.format(message=_readable(exc, texts))}
            hidden = gr.update(choices=[], value=None, visible=False)
            yield history, "", hidden, texts.source_empty, gr.update(), [], ""
            return
        history[-1] = {"role": "assistant", "content": chat_safe(render_text(answer, current.templates))}
        cited = [c.to_json() for c in answer.citations]
        choices = [(citation_label(c), c.n) for c in answer.citations]
        rows = series_rows(answer)
        chart = (
            # Periods in report order, not alphabetical ("tháng 6/2023" after "tháng 10/2023" otherwise).
            gr.update(value=_frame(rows), sort=[r["period"] for r in rows], visible=True)
            if len(rows) >= 2
            else gr.update(visible=False)
        )
        yield (
            history,
            "",
            gr.update(choices=choices, value=None, visible=bool(choices)),
            texts.source_empty,
            chart,
            cited,
            # The trace behind the "Giải thích" toggle: shown or not by `show_explanation`.
            render_explanation(answer, explain_texts),
        )

    def show_explanation(on: bool, text: str) -> Any:
        # One trace line per Markdown line: a hard break at each.
        return gr.update(value=chat_safe(text or "").replace("\n", "  \n"), visible=bool(on and text))

    def show_source(n: int | None, cited: list[dict[str, Any]]) -> str:
        if n is None:
            return texts.source_empty
        data = next((c for c in cited or [] if c["n"] == n), None)
        if data is None:
            return texts.source_empty
        try:
            return source_html(shared.assistant.source_of(Citation(**data)), texts)
        except Exception as exc:
            return html.escape(texts.error.format(message=_readable(exc, texts)))

    def new_chat():
        # The question box is left as it is: what is being typed is not lost.
        return (
            [],
            gr.update(),
            gr.update(choices=[], value=None, visible=False),
            texts.source_empty,
            gr.update(visible=False),
            [],
            "",
        )

    def on_like(history: list[dict[str, Any]], data: gr.LikeData) -> dict[str, Any]:
        index = data.index if isinstance(data.index, int) else data.index[0]
        answer = _text_of(history[index].get("content")) if 0 <= index < len(history) else ""
        question = next(
            (_text_of(m.get("content")) for m in reversed(history[:index]) if m.get("role") == "user"), ""
        )
        record = {"question": question, "answer": answer, "liked": bool(data.liked)}
        _save_feedback(shared, record)
        return record

    # The annotation is read by Gradio to pass the event's data; lazily imported, so set here.
    on_like.__annotations__["data"] = gr.LikeData

    def send_comment(comment: str, rated: dict[str, Any] | None) -> tuple[str, str]:
        if not rated:
            return comment, texts.feedback_nothing
        if comment.strip():
            _save_feedback(shared, {**rated, "comment": comment.strip()})
        return "", texts.feedback_saved

    def add_reports(files: list[Any] | None, progress=gr.Progress()):  # noqa: B008 (how Gradio passes progress)
        if not files:
            return texts.upload_none, gr.update(), gr.update(), gr.update()
        lines, accepted = [], []
        uploads = _uploads_dir(shared)
        limit = shared.settings.upload_max_mb
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            name = safe_upload_name(path.name)
            reason = upload_refusal(name, path.stat().st_size, limit, texts)
            if reason:
                lines.append(texts.upload_failed.format(file=name, reason=reason))
                continue
            shutil.copyfile(path, uploads / name)
            accepted.append(uploads / name)
        if accepted:

            def report_progress(name: str, done: int, total: int) -> None:
                progress(done / max(total, 1), desc=texts.upload_progress.format(name=name))

            try:
                result = _ingest(shared, accepted, report_progress)
            except Exception as exc:  # the index is left as it was; say so in Vietnamese
                lines.append(texts.error.format(message=_readable(exc, texts)))
            else:
                done = texts.upload_done.format(
                    added=len(result.added), updated=len(result.updated), unchanged=len(result.unchanged)
                )
                lines.insert(0, done)
                lines += [texts.upload_failed.format(file=f.file, reason=f.reason) for f in result.failed]
        names = [v for _, v in report_choices()]
        return "\n\n".join(lines), gr.update(choices=report_choices(), value=names), intro(), names

    def make_sheet(file: Any, progress=gr.Progress()):  # noqa: B008 (how Gradio passes progress)
        if file is None:
            return None, texts.upload_none
        path = Path(file if isinstance(file, str) else file.name)
        try:
            questions = read_questions(path)
        except BaocaoError as exc:
            return None, texts.error.format(message=exc)
        try:
            sheet = build_sheet(
                shared.assistant,
                questions,
                lambda done, total: progress(
                    done / total, desc=texts.sheet_progress.format(done=done, total=total)
                ),
            )
            sheet_texts = load_sheet_templates()
            output = Path(tempfile.mkdtemp(prefix="baocao-sheet-")) / "phieu-tra-loi.docx"
            write_docx(sheet, output, sheet_texts)
        except Exception as exc:
            return None, texts.error.format(message=_readable(exc, texts))
        return str(output), sheet_markdown(sheet, sheet_texts)

    def api_ask(question: str, history_json: str = "[]") -> str:
        """For gradio_client: the answer with its citations as text, after an optional JSON history."""
        try:
            history = json.loads(history_json or "[]")
            if not isinstance(history, list) or not all(isinstance(m, dict) for m in history):
                return texts.error.format(message=texts.bad_history)
            answer = shared.assistant.ask(question, history_turns(history))
        except ValueError:
            return texts.error.format(message=texts.bad_history)
        except Exception as exc:
            return texts.error.format(message=_readable(exc, texts))
        return render_text(answer, shared.assistant.templates)

    with gr.Blocks(title=texts.title, analytics_enabled=False) as app:
        gr.Markdown(f"# {texts.title}")
        intro_box = gr.Markdown(intro())
        with gr.Tab(texts.chat_tab), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label=texts.chat_tab,
                    height=480,
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike"),
                    elem_id="chat",
                )
                box = gr.Textbox(placeholder=texts.placeholder, show_label=False, elem_id="question")
                with gr.Row():
                    send = gr.Button(texts.send, variant="primary", elem_id="send")
                    clear = gr.Button(texts.new_chat, elem_id="new-chat")
                gr.Examples(EXAMPLES, inputs=box, label=texts.examples)
                citations = gr.Radio([], label=texts.citations, visible=False, elem_id="citations")
                source = gr.HTML(texts.source_empty, elem_id="source")
                chart = gr.LinePlot(
                    x="period",
                    y="value",
                    x_title=texts.chart_period,
                    y_title=texts.chart_value,
                    label=texts.chart,
                    visible=False,
                    sort=None,
                    y_axis_format="d",  # no "1,350": a Vietnamese reader takes the comma for a decimal point
                    elem_id="chart",
                )
                with gr.Row():
                    comment = gr.Textbox(label=texts.feedback_comment, scale=4)
                    comment_send = gr.Button(texts.feedback_send, scale=1)
                feedback_status = gr.Markdown()
                explanation = gr.Markdown(visible=False, elem_id="explanation")
            with gr.Column(scale=1):
                choices = report_choices()
                chosen = gr.CheckboxGroup(
                    choices,
                    value=[v for _, v in choices],
                    label=texts.reports,
                    info=texts.reports_info,
                    elem_id="reports",
                )
                uploads = gr.File(
                    label=texts.upload,
                    file_count="multiple",
                    elem_id="upload",  # any file: the check below names a refused one and says why
                )
                upload_button = gr.Button(texts.upload_button, elem_id="upload-button")
                explain = gr.Checkbox(label=texts.explain, value=False, elem_id="explain")
                upload_status = gr.Markdown(elem_id="upload-status")
        with gr.Tab(texts.sheet_tab):
            gr.Markdown(texts.sheet_intro)
            questions_file = gr.File(
                label=texts.sheet_questions, file_types=[".txt", ".docx", ".xlsx"], elem_id="sheet-questions"
            )
            sheet_button = gr.Button(texts.sheet_button, variant="primary")
            sheet_file = gr.File(label=texts.sheet_file, elem_id="sheet-file")
            sheet_preview = gr.Markdown(elem_id="sheet-preview")

        cited = gr.State([])
        rated = gr.State(None)
        known = gr.State([])  # the reports this page lists: what it unticks is left out
        explained = gr.State("")
        outputs = [chatbot, box, citations, source, chart, cited, explained]
        for event in (send.click, box.submit):
            event(respond, [box, chatbot, chosen, known], outputs, api_visibility="private").then(
                show_explanation, [explain, explained], explanation, api_visibility="private"
            )
        clear.click(new_chat, None, outputs, api_visibility="private").then(
            show_explanation, [explain, explained], explanation, api_visibility="private"
        )
        explain.change(show_explanation, [explain, explained], explanation, api_visibility="private")
        citations.change(show_source, [citations, cited], source, api_visibility="private")
        chatbot.like(on_like, [chatbot], rated, api_visibility="private")
        comment_send.click(
            send_comment, [comment, rated], [comment, feedback_status], api_visibility="private"
        )
        upload_button.click(
            add_reports, uploads, [upload_status, chosen, intro_box, known], api_visibility="private"
        )

        def refresh():
            """On each page load: the reports indexed now, all ticked (another user may have added some)."""
            names = [v for _, v in report_choices()]
            return gr.update(choices=report_choices(), value=names), intro(), names

        app.load(refresh, None, [chosen, intro_box, known], api_visibility="private")
        sheet_button.click(make_sheet, questions_file, [sheet_file, sheet_preview], api_visibility="private")
        gr.api(api_ask, api_name="chat")
    # Several people may ask at once (Gradio's default runs one event at a time, the rest wait in line).
    app.queue(default_concurrency_limit=CONCURRENT_ANSWERS)
    return app


def _readable(exc: Exception, texts: UITexts) -> str:
    """A project error says what to do; anything else is logged and named in general words."""
    if isinstance(exc, BaocaoError):
        return str(exc)
    log.exception("Lỗi không lường trước trong giao diện")
    return texts.unexpected


def _frame(rows: list[dict[str, Any]]) -> Any:
    import pandas as pd  # gradio's own dependency

    return pd.DataFrame(rows)


def _uploads_dir(shared: Shared) -> Path:
    path = shared.settings.data_dir / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _ingest(shared: Shared, files: list[Path], progress: Any) -> Any:
    """Index uploaded files with the loaded model, then answer from the index they joined."""
    from assistant.service import build_ingestor

    embedder = shared.assistant.retriever.embedder
    with shared.lock:
        result = build_ingestor(shared.settings, embedder).run(files, progress=progress)
        if result.added or result.updated:
            shared.assistant = Assistant.from_settings(shared.settings, embedder=embedder)
    return result


def launch_options(settings: Settings) -> dict[str, Any]:
    """How the app is launched: never a share link (reports stay on this machine), Gradio's own labels in
    Vietnamese, the login when one is set, the upload size limit."""
    import gradio as gr

    vietnamese = load_ui_texts().gradio
    auth = None
    if bool(settings.ui_username) != bool(settings.ui_password):
        raise BaocaoError(
            "Đăng nhập cần cả BAOCAO_UI_USERNAME và BAOCAO_UI_PASSWORD: "
            "đặt cả hai, hoặc bỏ cả hai để không đăng nhập."
        )
    if settings.ui_username and settings.ui_password:
        auth = (settings.ui_username, settings.ui_password.get_secret_value())
    return {
        "share": False,
        "show_error": True,
        "footer_links": [],
        "auth": auth,
        # Gradio refuses far larger files itself (in English); up to this, ours says why in Vietnamese.
        "max_file_size": f"{settings.upload_max_mb * 10}mb",
        "i18n": gr.I18n(en=vietnamese, vi=vietnamese),
    }


def serve(settings: Settings, host: str, port: int) -> None:
    assistant = Assistant.from_settings(settings)
    app = build_app(assistant, settings)
    log.warning("Giao diện đang chạy tại http://%s:%d", host, port)
    app.launch(server_name=host, server_port=port, quiet=True, **launch_options(settings))
