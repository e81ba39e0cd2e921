"""A scanned PDF and a Word 97-2003 .doc uploaded in the browser answer their questions at once.

The index is the bundled reports with the hashing embedder, built for this test alone; the files are
the new evaluation corpus's .doc and the first two pages of its scan (OCR of two pages, not eleven).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from tests.conftest import REPORTS, ROOT, make_ingestor, serve_locally
from tests.ui.test_browser import CHROMIUM, ask
from ui.app import build_app, launch_options

NEW_REPORTS = ROOT / "eval" / "corpora" / "new" / "reports"
ARTIFACTS = ROOT / "test-artifacts" / "ui-formats"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("tesseract") is None or shutil.which("soffice") is None, reason="make test cài"
    ),
]


def first_pages(pdf: Path, count: int, out: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(pdf)).pages[:count]:
        writer.add_page(page)
    with out.open("wb") as handle:
        writer.write(handle)
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import expect, sync_playwright

    data_dir = tmp_path_factory.mktemp("ui-formats")
    embedder = HashingEmbedder()
    assert make_ingestor(data_dir, embedder).run([REPORTS]).ok
    settings = Settings(data_dir=data_dir, embedding_model=embedder.name)
    app = build_app(Assistant.from_settings(settings, embedder=embedder), settings)
    url = serve_locally(app, **launch_options(settings))
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    expect.set_options(timeout=30_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
        page.set_default_timeout(60_000)
        page.goto(url)
        yield page
        browser.close()
    app.close()


def test_scan_and_doc_uploads_answer_their_questions(page, tmp_path):
    from playwright.sync_api import expect

    scan = first_pages(NEW_REPORTS / "bc-nam-2019-scan.pdf", 2, tmp_path / "bao cao nam 2019 (scan).pdf")
    doc = tmp_path / "bao cao thang 2-2025.doc"
    shutil.copyfile(NEW_REPORTS / "bc-thang-02-2025.doc", doc)
    page.locator("#upload input[type=file]").set_input_files([str(scan), str(doc)])
    page.locator("#upload-button").click()
    expect(page.locator("#upload-status")).to_contain_text("Đã thêm 2", timeout=300_000)
    expect(page.locator("#reports")).to_contain_text("năm 2019")
    expect(page.locator("#reports")).to_contain_text("tháng 2/2025")
    page.screenshot(path=str(ARTIFACTS / "1-uploaded.png"), full_page=True)
    ask(page, "Năm 2019 toàn tỉnh có bao nhiêu điểm phục vụ bưu chính?", "151")
    ask(page, "Tháng 02/2025 có bao nhiêu trạm 5G?", "47")
    page.screenshot(path=str(ARTIFACTS / "2-answers.png"), full_page=True)
