"""An answer sheet for a cử tri meeting, built with the real model: ten questions, two unanswerable."""

from __future__ import annotations

import pytest

from assistant.sheet import build_sheet, load_sheet_templates, read_questions, sheet_markdown, write_docx

pytestmark = pytest.mark.slow

# (question, a figure or name the answer must give; None: the reports do not hold the answer)
QUESTIONS = [
    ("Câu 1. Bao nhiêu trạm BTS tháng 10/2023?", "1.286"),
    ("Câu 2. Số điểm phục vụ bưu chính tháng 6/2023 là bao nhiêu?", "263"),
    ("Câu 3. Tháng 10/2021 tổng số hộp thư điện tử công vụ là bao nhiêu?", "7.729"),
    ("Câu 4. Năm 2017 Sở tổ chức kiểm tra chuyên ngành bao nhiêu cuộc?", "06 cuộc"),
    ("Câu 5. Tháng 10/2021 Trà Vinh có bao nhiêu ca mắc Covid-19?", None),
    ("Câu 6. Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023 là kế hoạch số mấy?", "94/KH-UBND"),
    ("Câu 7. Doanh thu du lịch của Trà Vinh năm 2017 là bao nhiêu?", None),
    ("Câu 8. 9 tháng đầu năm 2021 tổng doanh thu các dịch vụ viễn thông là bao nhiêu?", "469,5"),
    ("Câu 9. Tỷ lệ văn bản được ký số trên iOffice tháng 10/2023 là bao nhiêu?", "88%"),
    ("Câu 10. Tháng 6/2023 có bao nhiêu doanh nghiệp hoạt động trong lĩnh vực bưu chính?", "14"),
]


def test_a_sheet_of_ten_questions(real_assistant, tmp_path):
    import docx

    source = tmp_path / "cau-hoi.docx"
    document = docx.Document()
    document.add_paragraph("Câu hỏi")
    for question, _ in QUESTIONS:
        document.add_paragraph(question)
    document.save(str(source))
    questions = read_questions(source)
    assert len(questions) == 10 and questions[0] == "Bao nhiêu trạm BTS tháng 10/2023?"

    sheet = build_sheet(real_assistant, questions)
    templates = load_sheet_templates()
    write_docx(sheet, tmp_path / "phieu.docx", templates)
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "phieu.docx")).paragraphs]
    text = "\n".join(paragraphs)

    # The questions to follow up by hand come first, and only those.
    follow_up = paragraphs.index(templates.follow_up_header)
    first_answer = paragraphs.index(templates.question.format(n=1, question=questions[0]))
    flagged = [p for p in paragraphs[follow_up:first_answer] if p.startswith("Câu ")]
    unanswerable = [i + 1 for i, (_, expected) in enumerate(QUESTIONS) if expected is None]
    assert flagged == [templates.question.format(n=n, question=questions[n - 1]) for n in unanswerable]

    for n, (_, expected) in enumerate(QUESTIONS, 1):
        start = paragraphs.index(templates.question.format(n=n, question=questions[n - 1]), first_answer)
        end = next(
            (i for i, p in enumerate(paragraphs) if i > start and p.startswith("Câu ")), len(paragraphs)
        )
        block = "\n".join(paragraphs[start:end])
        if expected is None:
            assert "Chưa trả lời được" in block
            continue
        assert expected in block, (n, block)
        assert "Số liệu tính đến:" in block and "— mục " in block and ".txt" in block
    assert "Lập ngày" in text
    assert sheet_markdown(sheet, templates).count("## Câu ") == 10
