"""Test splits stay sealed: no test question's wording in the code, the prompts or the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.corpora import BUNDLED, NEW, ROOT
from eval.corpus_source import evidence_texts, read_source
from eval.dataset import EvalItem, Kind, load_eval_set
from eval.sealing import distinctive_phrases, find_leaks, phrases, sealed_files, words

# Golden section trees are the reports' own headings: report text, not question wording.
DERIVED_FROM_REPORTS = "tests/golden/"


def _item(item_id: str, question: str, split: str = "test") -> EvalItem:
    return EvalItem(id=item_id, question=question, answer="-", kind=Kind.unanswerable, split=split)


def test_words_fold_case_diacritics_and_punctuation():
    assert words("Bao nhiêu trạm BTS, tháng 10/2023?") == [
        "bao",
        "nhieu",
        "tram",
        "bts",
        "thang",
        "10",
        "2023",
    ]
    assert phrases(["a", "b", "c"], 2) == {"a b", "b c"}


def test_report_text_and_common_phrasing_are_not_distinctive():
    report = "Hội thi có 48 đội tuyển của các trường tham dự vòng chung kết"
    test = _item("t", "Hồi xưa hội thi có 48 đội tuyển của những trường nào mặc áo xanh?")
    others = [_item(f"o{n}", "Hồi xưa hội thi có mấy giải?", "dev") for n in range(3)]
    found = distinctive_phrases([test], [test, *others], [report])["t"]
    assert "hoi thi co 48 doi" not in found  # report text
    assert "hoi xua hoi thi co" not in found  # how four questions open
    assert "truong nao mac ao xanh" in found


def test_a_leak_is_found_whole_or_by_phrase():
    test = _item("t", "Cổng thông tin có bao nhiêu lượt truy cập vào dịp lễ hội Ok Om Bok?")
    distinctive = distinctive_phrases([test], [test], [])
    files = [
        ("assistant/x.py", 'Q = "cong thong tin co bao nhieu luot truy cap vao dip le hoi ok om bok"'),
        ("tests/y.py", "# vào dịp lễ hội Ok Om Bok nhiều người đọc"),
        ("index/z.py", "nothing here"),
    ]
    leaks = find_leaks([test], distinctive, files)
    assert {(leak.path, leak.phrase == "(cả câu hỏi)") for leak in leaks} >= {
        ("assistant/x.py", True),
        ("tests/y.py", False),
    }
    assert all(leak.path != "index/z.py" for leak in leaks)


def _report_texts_bundled() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in BUNDLED.reports_dir.iterdir() if p.is_file()]


def _report_texts_new() -> list[str]:
    assert NEW.sources_dir is not None
    return ["\n".join(evidence_texts(read_source(p))) for p in sorted(NEW.sources_dir.glob("*.txt"))]


@pytest.mark.parametrize("dataset", [BUNDLED.dataset, NEW.dataset], ids=["bundled", "new"])
def test_no_test_question_wording_in_code_prompts_or_tests(dataset: Path):
    items = load_eval_set(dataset)
    test = [i for i in items if i.split == "test"]
    # The text of any corpus's reports is report wording, which rules and tests may quote.
    distinctive = distinctive_phrases(test, items, _report_texts_bundled() + _report_texts_new())
    files = [(path, text) for path, text in sealed_files(ROOT) if not path.startswith(DERIVED_FROM_REPORTS)]
    leaks = find_leaks(test, distinctive, files)
    # The message names the item and the file, not the wording: the test split stays unread.
    assert not leaks, sorted({f"{leak.item_id} in {leak.path}:{leak.line}" for leak in leaks})
