"""Eight people at once through the Gradio API, each with a conversation of their own."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from tests.conftest import REPORTS, make_ingestor, serve_locally
from ui.app import build_app

# (first question, its figure, follow-up, its figure): each client keeps to its own metric and period.
CONVERSATIONS = [
    ("bao nhiêu trạm BTS tháng 10/2023?", "1.286", "còn tháng 6/2023 thì sao?", "1.222"),
    ("Số điểm phục vụ bưu chính tháng 6/2023 là bao nhiêu?", "263", "còn tháng 10/2023?", "162"),
    ("Tháng 10/2021 tổng số hộp thư điện tử công vụ là bao nhiêu?", "7.729", "còn tháng 10/2023?", "10.102"),
    # No period: the whole index is searched, the report being added included.
    ("có bao nhiêu trạm BTS?", "1.286", "còn tháng 6/2023 thì sao?", "1.222"),
]
ROUNDS = 3


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    # An index of its own: the test adds a report to it while the clients talk.
    data_dir = tmp_path_factory.mktemp("many-users")
    embedder = HashingEmbedder()
    assert make_ingestor(data_dir, embedder).run([REPORTS]).ok
    settings = Settings(data_dir=data_dir)
    app = build_app(Assistant.from_settings(settings, embedder=embedder), settings)
    yield serve_locally(app), data_dir, embedder
    app.close()


def _converse(url: str, client_no: int) -> list[float]:
    from gradio_client import Client

    first, first_figure, follow_up, follow_figure = CONVERSATIONS[client_no % len(CONVERSATIONS)]
    client = Client(url, verbose=False)
    latencies = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        reply = client.predict(first, "[]", api_name="/chat")
        assert first_figure in reply, (client_no, first, reply[:200])
        history = json.dumps([{"role": "user", "content": first}, {"role": "assistant", "content": reply}])
        second = client.predict(follow_up, history, api_name="/chat")
        assert follow_figure in second, (client_no, follow_up, second[:200])
        latencies.append(time.perf_counter() - started)
    return latencies


def test_eight_clients_each_keep_their_own_conversation_while_a_report_is_added(served, tmp_path):
    url, data_dir, embedder = served
    report = tmp_path / "bao-cao-thang-12-2023.txt"
    report.write_text(
        "BÁO CÁO\nKết quả công tác thông tin và truyền thông tháng 12 năm 2023\n"
        "I. KẾT QUẢ CÔNG TÁC THÁNG 12 NĂM 2023\n1. Lĩnh vực viễn thông\n- Toàn tỉnh có 1.301 trạm BTS.\n",
        encoding="utf-8",
    )
    with ThreadPoolExecutor(max_workers=9) as pool:
        talks = [pool.submit(_converse, url, n) for n in range(8)]
        time.sleep(0.5)
        added = pool.submit(
            lambda: make_ingestor(data_dir, embedder).run([report])
        )  # as `baocao ingest` would
        results = [t.result() for t in talks]
    assert added.result().ok
    assert len(results) == 8 and all(len(r) == ROUNDS for r in results)
    # The page still answers while and after they talk.
    import urllib.request

    assert "Hỏi đáp báo cáo" in urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
