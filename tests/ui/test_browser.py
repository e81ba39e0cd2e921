"""The chat UI in a real browser (Playwright driving Debian's chromium), as a user would use it.

Screenshots are saved to test-artifacts/ui/. The index is the bundled reports with the hashing embedder,
built for this test alone because the test uploads a report into it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from tests.conftest import REPORTS, ROOT, make_ingestor, serve_locally
from ui.app import build_app, launch_options

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "ui"
NEW_REPORT = """BÁO CÁO
Kết quả công tác thông tin và truyền thông tháng 12 năm 2023
I. KẾT QUẢ CÔNG TÁC THÔNG TIN VÀ TRUYỀN THÔNG THÁNG 12 NĂM 2023
1. Lĩnh vực viễn thông
- Toàn tỉnh có 1.301 trạm thu, phát sóng thông tin di động (BTS).
2. Lĩnh vực bưu chính
- Toàn tỉnh có 165 điểm phục vụ bưu chính.
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(
            "Chưa có chromium: chạy `make test` (cài gói Debian chromium) hoặc `apt-get install chromium`."
        )
    data_dir = tmp_path_factory.mktemp("ui-index")
    embedder = HashingEmbedder()
    assert make_ingestor(data_dir, embedder).run([REPORTS]).ok
    settings = Settings(data_dir=data_dir, embedding_model=embedder.name)
    app = build_app(Assistant.from_settings(settings, embedder=embedder), settings)
    yield serve_locally(app, **launch_options(settings)), data_dir
    app.close()


@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)  # a busy 2-core machine answers slower than a laptop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(served[0])
        yield page
        browser.close()


_ANSWERED = """([question, want, busy, before]) => {
    const t = document.querySelector('#chat').innerText;
    return t.split(question).length > before && !t.includes(busy)
        && t.lastIndexOf(want) > t.lastIndexOf(question);
}"""


def ask(page, question: str, expect: str) -> None:
    """Send a question and wait for its own answer: shown after it, holding `expect`, placeholder gone."""
    before = page.evaluate("(q) => document.querySelector('#chat').innerText.split(q).length", question)
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    page.wait_for_function(_ANSWERED, arg=[question, expect, "Đang tìm trong các báo cáo", before])


def test_a_user_asks_checks_the_source_follows_up_and_adds_a_report(page, served, tmp_path):
    from playwright.sync_api import expect

    expect(page.get_by_text("Hỏi đáp báo cáo công tác")).to_be_visible()
    expect(page.locator("#upload")).to_contain_text("Thả tệp vào đây")  # Gradio's own labels too
    ask(page, "bao nhiêu trạm BTS tháng 10/2023?", "1.286")
    expect(page.locator("#chat")).to_contain_text("000_773a491ad26e4c27.txt")
    page.screenshot(path=str(ARTIFACTS / "1-answer.png"), full_page=True)

    # The citation opens its section with the quoted span highlighted.
    page.locator("#citations label").first.click()
    quote = page.locator("#cited-quote")
    expect(quote).to_be_visible()
    expect(quote).to_contain_text("1.286")
    expect(page.locator("#source-panel")).to_contain_text("3. Lĩnh vực viễn thông")
    quote.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "2-source.png"), full_page=True)

    # The explanation toggle shows how the answer was reached, and hides it again.
    expect(page.locator("#explanation")).to_be_hidden()
    page.locator("#explain input").check()
    expect(page.locator("#explanation")).to_contain_text("Kết luận: trả lời")
    expect(page.locator("#explanation")).to_contain_text("tháng 10/2023")
    page.screenshot(path=str(ARTIFACTS / "2b-explanation.png"), full_page=True)
    page.locator("#explain input").uncheck()
    expect(page.locator("#explanation")).to_be_hidden()

    # A follow-up keeps the metric and changes the period.
    ask(page, "còn tháng 6/2023 thì sao?", "1.222")
    expect(page.locator("#chat")).to_contain_text("Câu hỏi được hiểu là")
    page.screenshot(path=str(ARTIFACTS / "3-follow-up.png"), full_page=True)

    # A new report is indexed from the browser and answers at once.
    report = tmp_path / "bao cao thang 12-2023.txt"
    report.write_text(NEW_REPORT, encoding="utf-8")
    page.locator("#upload input[type=file]").set_input_files(str(report))
    page.locator("#upload-button").click()
    expect(page.locator("#upload-status")).to_contain_text("Đã thêm 1", timeout=120_000)
    expect(page.locator("#reports")).to_contain_text("tháng 12/2023")
    ask(page, "bao nhiêu trạm BTS tháng 12/2023?", "1.301")
    page.screenshot(path=str(ARTIFACTS / "4-uploaded.png"), full_page=True)
    assert (served[1] / "uploads" / "bao cao thang 12-2023.txt").exists()

    # Markup typed into the question is shown as text, never run.
    ask(page, '<img src=x onerror="window.__pwned=1"> bao nhiêu trạm BTS tháng 10/2023?', "1.286")
    assert page.evaluate("window.__pwned === undefined")
    # A Markdown picture is shown as written, not fetched from another server.
    ask(page, "![x](http://203.0.113.5/pixel.png) bao nhiêu trạm BTS tháng 10/2023?", "1.286")
    assert page.locator("#chat img[src*='203.0.113.5']").count() == 0
    expect(page.locator("#chat")).to_contain_text("![x](http://203.0.113.5/pixel.png)")

    # A new conversation starts empty.
    page.locator("#new-chat").click()
    expect(page.locator("#chat")).not_to_contain_text("1.301")


def test_filter_chart_feedback_bad_upload_and_sheet_tab(page, served, tmp_path):
    from playwright.sync_api import expect

    data_dir = served[1]
    # A metric across periods is drawn as a chart.
    ask(page, "Số trạm BTS qua các kỳ báo cáo?", "qua các kỳ báo cáo")
    expect(page.locator("#chart")).to_be_visible()
    expect(page.locator("#chart").locator("canvas, svg").first).to_be_visible()  # drawn, not just shown
    page.screenshot(path=str(ARTIFACTS / "5-chart.png"), full_page=True)

    # Thumbs up is saved with the question and answer; a comment follows it.
    page.locator("#chat button[aria-label='Hữu ích']").last.click()
    page.get_by_label("Góp ý thêm").fill("Rất rõ ràng")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.get_by_text("Đã lưu góp ý")).to_be_visible()
    records = [
        line for line in (data_dir / "feedback.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    assert '"liked": true' in records[-2] and "Rất rõ ràng" in records[-1]

    # Only the chosen reports answer: without October 2023, its figure is not given.
    page.locator("#reports label").filter(has_text="000_773a491ad26e4c27.txt").click()
    ask(page, "bao nhiêu trạm BTS tháng 10/2023?", "Không có báo cáo cho tháng 10/2023")
    page.locator("#reports label").filter(has_text="000_773a491ad26e4c27.txt").click()

    # A file of another kind is refused with its name and the reason; nothing else changes.
    bad = tmp_path / "ghi chu.exe"
    bad.write_bytes(b"MZ")
    page.locator("#upload input[type=file]").set_input_files(str(bad))
    page.locator("#upload-button").click()
    expect(page.locator("#upload-status")).to_contain_text("Không thêm được ghi chu.exe")

    # The sheet tab answers a list of questions and returns the .docx.
    questions = tmp_path / "cau hoi.txt"
    questions.write_text(
        "bao nhiêu trạm BTS tháng 10/2023?\nTháng 10/2021 có bao nhiêu ca mắc Covid-19?\n", "utf-8"
    )
    page.get_by_role("tab", name="Phiếu trả lời cử tri").click()
    page.locator("#sheet-questions input[type=file]").set_input_files(str(questions))
    page.get_by_role("button", name="Lập phiếu trả lời").click()
    expect(page.locator("#sheet-preview")).to_contain_text("Cần theo dõi thủ công", timeout=60_000)
    expect(page.locator("#sheet-preview")).to_contain_text("1.286")
    expect(page.locator("#sheet-file")).to_contain_text(".docx")
    expect(page.locator("#sheet-file")).to_contain_text("phieu-tra-loi")
    page.screenshot(path=str(ARTIFACTS / "6-sheet.png"), full_page=True)
