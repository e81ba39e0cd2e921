"""The chat UI served on loopback and called through Gradio's API, as a user's client would."""

from __future__ import annotations

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import serve_locally
from ui.app import build_app, history_turns


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
    settings = Settings(data_dir=data_dir, embedding_model=embedder.name)
    app = build_app(Assistant.from_settings(settings, embedder=embedder), settings)
    yield serve_locally(app)
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


def test_upload_names_stay_inside_the_uploads_folder():
    from ui.app import safe_upload_name

    assert safe_upload_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_upload_name("C:\\Users\\a\\Báo cáo tháng 12.DOCX") == "Báo cáo tháng 12.docx"
    assert safe_upload_name("<script>.pdf") == "script.pdf"
    assert safe_upload_name("...") == "bao-cao"


def test_source_panel_escapes_the_report_and_marks_the_quote():
    from assistant.service import Source
    from ui.app import load_ui_texts, source_html

    text = "Trước <b>x</b>; có 1.286 trạm BTS; sau."
    start = text.index("có")
    source = Source("r.txt", "Báo cáo <i>", "tháng 10/2023", "3. Viễn thông", text, start, start + 15)
    panel = source_html(source, load_ui_texts())
    assert '<mark id="cited-quote">có 1.286 trạm B</mark>' in panel
    assert "<b>x</b>" not in panel and "&lt;b&gt;x&lt;/b&gt;" in panel and "Báo cáo &lt;i&gt;" in panel


def test_a_metric_across_periods_becomes_chart_rows():
    from assistant.trend import SeriesPoint
    from assistant.types import Answer
    from ui.app import series_rows

    points = (
        SeriesPoint("năm 2017", "970", "970 trạm", 1),
        SeriesPoint("tháng 10/2023", "1286", "1.286 trạm", 2),
    )
    answer = Answer("", False, (), (), "q", "q", series=points)
    assert series_rows(answer) == [
        {"period": "năm 2017", "value": 970.0},
        {"period": "tháng 10/2023", "value": 1286.0},
    ]


def test_llm_tokens_stream_before_the_final_answer():
    from ui.app import _answer_stream

    final = object()

    class Streaming:
        def ask(self, message, turns, on_token=None):
            for token in ("Theo báo cáo ", "tháng 10/2023: ", "1.286 trạm [1]"):
                on_token(token)
            return final

    parts = list(_answer_stream(Streaming(), "q", []))
    assert parts == ["Theo báo cáo ", "tháng 10/2023: ", "1.286 trạm [1]", final]


def test_login_when_set(fake_index):
    from gradio_client import Client

    from ui.app import launch_options

    data_dir, embedder = fake_index
    settings = Settings(data_dir=data_dir, ui_username="canbo", ui_password="mat-khau-1")
    assert launch_options(Settings(data_dir=data_dir))["auth"] is None
    app = build_app(Assistant.from_settings(settings, embedder=embedder), settings)
    url = serve_locally(app, **launch_options(settings))
    try:
        with pytest.raises(Exception):  # noqa: B017 (gradio_client's own error for a refused login)
            Client(url, verbose=False, auth=("canbo", "sai"))
        reply = Client(url, verbose=False, auth=("canbo", "mat-khau-1")).predict(
            "bao nhiêu trạm BTS tháng 10/2023?", "[]", api_name="/chat"
        )
        assert "1.286" in reply
    finally:
        app.close()


def test_follow_up_through_the_api_with_a_json_history(served):
    import json

    from gradio_client import Client

    history = [
        {"role": "user", "content": "bao nhiêu trạm BTS tháng 10/2023?"},
        {"role": "assistant", "content": "1.286 trạm [1]"},
    ]
    reply = Client(served, verbose=False).predict(
        "còn tháng 6/2023 thì sao?", json.dumps(history), api_name="/chat"
    )
    assert "1.222" in reply and "tháng 6/2023" in reply


def test_api_refuses_a_history_that_is_not_a_list_of_turns(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    for bad in ("{}", "[1]", "không phải JSON"):
        reply = client.predict("còn tháng 6/2023 thì sao?", bad, api_name="/chat")
        assert reply.startswith("⚠️") and "Lịch sử hội thoại" in reply


def test_chat_text_shows_markup_and_markdown_media_as_written():
    from ui.app import chat_safe

    assert chat_safe('<img src=x onerror="alert(1)">') == '&lt;img src=x onerror="alert(1)"&gt;'
    assert chat_safe("![x](http://203.0.113.5/p.png)") == "&#33;&#91;x&#93;&#40;http://203.0.113.5/p.png)"
    assert chat_safe("| Kỳ báo cáo | Số liệu |\n|---|---:|") == "| Kỳ báo cáo | Số liệu |\n|---|---:|"
    assert chat_safe("Sở TT&TT") == "Sở TT&amp;TT"


def test_uploads_are_limited_in_kind_and_size():
    from ui.app import load_ui_texts, upload_refusal

    texts = load_ui_texts()
    assert upload_refusal("bao-cao.docx", 1024, 50, texts) is None
    assert "không được hỗ trợ" in upload_refusal("ghi-chu.exe", 10, 50, texts)
    assert "lớn hơn 50 MB" in upload_refusal("lon.pdf", 51 * 1024 * 1024, 50, texts)
