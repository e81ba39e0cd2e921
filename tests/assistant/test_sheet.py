"""Answer sheets: questions read from .txt/.docx/.xlsx, and the sheet written as Markdown and .docx."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.sheet import (
    Sheet,
    SheetEntry,
    build_sheet,
    clean_questions,
    load_sheet_templates,
    read_questions,
    sheet_markdown,
    write_docx,
)
from assistant.types import Answer, Citation
from index.errors import QuestionsFileError


def test_clean_questions_drop_numbering_blanks_and_a_header():
    lines = [
        "Câu hỏi",
        "1. bao nhiêu trạm BTS?",
        "",
        "Câu 2: có mấy bưu cục?",
        "  # ghi chú",
        "3) Số hộp thư?",
    ]
    assert clean_questions(lines) == ["bao nhiêu trạm BTS?", "có mấy bưu cục?", "Số hộp thư?"]


def test_read_questions_from_txt_docx_and_xlsx(tmp_path):
    import docx
    import openpyxl

    (tmp_path / "q.txt").write_text("bao nhiêu trạm BTS?\n\ncó mấy bưu cục?\n", encoding="utf-8")
    assert read_questions(tmp_path / "q.txt") == ["bao nhiêu trạm BTS?", "có mấy bưu cục?"]
    (tmp_path / "u16.txt").write_bytes("Số hộp thư?\n".encode("utf-16"))
    assert read_questions(tmp_path / "u16.txt") == ["Số hộp thư?"]

    document = docx.Document()
    document.add_paragraph("Danh sách câu hỏi cử tri")
    document.add_paragraph("1. bao nhiêu trạm BTS?")
    document.save(str(tmp_path / "q.docx"))
    assert read_questions(tmp_path / "q.docx") == ["bao nhiêu trạm BTS?"]  # the title is a heading

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Câu hỏi", "Người hỏi"])
    sheet.append([1, "bao nhiêu trạm BTS?", "Ông A"])
    sheet.append([2, "có mấy bưu cục?", "Bà B"])
    book.save(tmp_path / "q.xlsx")
    assert read_questions(tmp_path / "q.xlsx") == ["bao nhiêu trạm BTS?", "có mấy bưu cục?"]
    assert read_questions(tmp_path / "q.xlsx", column="C") == ["Ông A", "Bà B"]
    with pytest.raises(QuestionsFileError, match="không có cột “Ý kiến”"):
        read_questions(tmp_path / "q.xlsx", column="Ý kiến")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("q.pdf", b"%PDF", "dùng .txt"),
        ("empty.txt", b"\n\n", "không có câu hỏi nào"),
        ("broken.docx", b"not a zip", "tệp hỏng"),
        ("broken.xlsx", b"not a zip", "tệp hỏng"),
        ("latin.txt", b"c\xe2u h\xf4i \xff", "không đọc được"),
    ],
)
def test_bad_question_files_are_named_with_the_fix(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(QuestionsFileError, match=message) as caught:
        read_questions(tmp_path / name)
    assert name in str(caught.value)


def _answer(question: str, text: str, quote: str = "", abstained: bool = False) -> Answer:
    citations = (
        ()
        if abstained
        else (Citation(1, "r.txt", "Báo cáo tháng 10", "tháng 10/2023", "3. Viễn thông", quote, 0, 9),)
    )
    return Answer(text, abstained, citations, (), question, question)


def test_the_sheet_lists_what_needs_follow_up_first_then_each_answer(tmp_path):
    sheet = Sheet(
        (
            SheetEntry(
                "bao nhiêu trạm BTS?", _answer("q1", "Theo báo cáo: 1.286 trạm BTS [1]", "có 1.286 trạm BTS")
            ),
            SheetEntry(
                "ca mắc Covid?",
                _answer("q2", "Các báo cáo hiện có không chứa thông tin này.", abstained=True),
            ),
        ),
        date(2026, 11, 23),
        5,
        ("tháng 10/2023",),
    )
    templates = load_sheet_templates()
    markdown = sheet_markdown(sheet, templates)
    follow_up = markdown.index("Cần theo dõi thủ công")
    assert follow_up < markdown.index("Câu 2. ca mắc Covid?") < markdown.index("## Câu 1.")
    assert "**Số liệu:** 1.286 trạm BTS" in markdown and "Số liệu tính đến: tháng 10/2023" in markdown
    assert "Lập ngày 23/11/2026" in markdown
    write_docx(sheet, tmp_path / "a.docx", templates)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs)
    assert "Cần theo dõi thủ công" in text and "[1] Báo cáo tháng 10 (tháng 10/2023)" in text


def test_build_sheet_asks_each_question_alone_and_keeps_errors(fake_index):
    from assistant.service import Assistant
    from assistant.settings import Settings

    data_dir, embedder = fake_index
    assistant = Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    seen = []
    sheet = build_sheet(
        assistant, ["bao nhiêu trạm BTS tháng 10/2023?", " "], lambda i, n: seen.append((i, n))
    )
    assert seen == [(1, 2), (2, 2)]
    assert sheet.entries[0].answered and "1.286" in sheet.entries[0].answer.text
    assert not sheet.entries[1].answered and "Câu hỏi trống" in sheet.entries[1].error


def test_question_lines_keep_a_leading_date_and_skip_numbers_only():
    lines = ["Nội dung câu hỏi", "10/2023 có bao nhiêu trạm BTS?", "1", "2. có mấy bưu cục?"]
    assert clean_questions(lines) == ["10/2023 có bao nhiêu trạm BTS?", "có mấy bưu cục?"]


def test_a_repeated_unanswered_question_keeps_its_own_number():
    abstain = _answer("q", "Các báo cáo hiện có không chứa thông tin này.", abstained=True)
    sheet = Sheet((SheetEntry("ca mắc?", abstain), SheetEntry("ca mắc?", abstain)), date(2026, 1, 1), 1, ())
    markdown = sheet_markdown(sheet, load_sheet_templates())
    assert "- Câu 1. ca mắc?" in markdown and "- Câu 2. ca mắc?" in markdown
