"""Evaluation metrics on hand-made items and outputs."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from eval.dataset import EvalItem, Kind
from eval.metrics import (
    abstention_metrics,
    answer_correct,
    canonical,
    citation_correct,
    clauses,
    fact_present,
    in_period_at_1,
    markdown_table,
    mrr_at,
    normalise_heading,
    numbers_outside_quotes,
    outcome,
    percentile,
    quote_precision,
    recall_at,
    report_rank,
    score_item,
    section_matches,
    section_rank,
    summarise,
)

REPORT = "000_a.txt"
SECTION = "I. KẾT QUẢ CÔNG TÁC THÁNG 10 NĂM 2023 > 3. Lĩnh vực viễn thông"


def make_item(**changes: Any) -> EvalItem:
    fields: dict[str, Any] = {
        "id": "bts",
        "question": "Tháng 10/2023 có bao nhiêu trạm BTS?",
        "answer": "Có 1.286 trạm BTS.",
        "facts": [["1.286", "1286"]],
        "forbidden": ["1.222", "970"],
        "report_file": REPORT,
        "section": SECTION,
        "evidence": ["1.286 trạm"],
        "kind": Kind.numeric,
    }
    fields.update(changes)
    return EvalItem(**fields)


def unanswerable(item_id: str = "un") -> EvalItem:
    return EvalItem(
        id=item_id, question="Năm 2019 có bao nhiêu?", answer="Không có thông tin.", kind=Kind.unanswerable
    )


def citation(
    quote: str,
    report_file: str = REPORT,
    period: str = "tháng 10/2023",
    title: str = "Báo cáo tháng 10 năm 2023",
) -> dict[str, Any]:
    return {
        "n": 1,
        "report_file": report_file,
        "report_title": title,
        "period": period,
        "section": SECTION,
        "quote": quote,
        "start": 0,
        "end": len(quote),
    }


def make_output(
    answer: str = "Tháng 10/2023 toàn tỉnh có 1.286 trạm BTS [1].",
    abstained: bool = False,
    citations: list[dict[str, Any]] | None = None,
    retrieved: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "answer": answer,
        "abstained": abstained,
        "citations": [citation("Toàn tỉnh hiện có 1.286 trạm BTS")] if citations is None else citations,
        "retrieved": retrieved or [],
        "question": "q",
        "rewritten_question": "q",
    }


def abstention() -> dict[str, Any]:
    return make_output(
        "Các báo cáo hiện có không chứa thông tin này (tháng 10/2023, năm 2017).",
        abstained=True,
        citations=[],
    )


# ---------------------------------------------------------------- fact_present


def test_canonical_normalises_case_spaces_and_numbers():
    assert canonical("  Có   1.286 Trạm\n BTS, 40,8km ") == "có 1286 trạm bts, 40,8 km"


@pytest.mark.parametrize(
    ("text", "alternates", "expected"),
    [
        ("Toàn tỉnh có 1286 trạm", ["1.286"], True),
        ("Toàn tỉnh có 1.286 trạm", ["1286"], True),
        ("tỷ lệ đạt 95%", ["95 %"], True),
        ("kiểm tra 6 cuộc", ["06 cuộc"], True),
        ("có 08 cảnh báo mã độc", ["8 cảnh báo mã độc"], True),
        ("tuyến dài 40,8 km", ["40,8km"], True),
        ("ký ngày 06/10/2021", ["06 tháng 10 năm 2021"], True),
        ("ông NGUYỄN VĂN CHUẨN ký", ["Nguyễn Văn Chuẩn"], True),
        ("xếp hạng 25/63", ["25/63"], True),
        ("đăng 149 tin", ["49"], False),  # a number is not part of a longer one
        ("có 1.286 trạm", ["286"], False),
        ("ngày 26/6/2023", ["26/6"], False),
        ("xếp hạng 25/63", ["25"], False),
        ("social media", ["SOC"], False),
        ("đăng 211 văn bản", ["11 văn bản"], False),
        ("có 1.222 trạm", ["1.286", "1286"], False),
    ],
)
def test_fact_present(text, alternates, expected):
    assert fact_present(text, alternates) is expected


def test_fact_present_compares_composed_and_decomposed_text():
    assert fact_present(unicodedata.normalize("NFD", "Huyện Cầu Ngang"), ["Cầu Ngang"])


# ---------------------------------------------------------------- answer_correct


def test_answer_correct_with_every_fact():
    assert answer_correct(make_item(), make_output())


def test_answer_correct_needs_every_fact():
    item = make_item(facts=[["1.286"], ["64 trạm"]])
    assert not answer_correct(item, make_output())
    assert answer_correct(item, make_output("Có 1.286 trạm, tăng 64 trạm [1]."))


def test_answer_correct_fails_on_a_forbidden_number():
    assert not answer_correct(make_item(), make_output("Có 1.286 trạm (tháng 6 là 1222 trạm) [1]."))


def test_forbidden_phrase_is_matched_as_a_phrase():
    item = make_item(facts=[["11 tin"]], forbidden=["05 tin bài"])
    assert answer_correct(item, make_output("Đăng 11 tin, bài: 05 tin tổng hợp."))
    assert not answer_correct(item, make_output("Đăng 11 tin; 5 tin bài khác."))


def test_forbidden_name():
    item = make_item(facts=[["Nguyễn Văn Chuẩn"]], forbidden=["Trần Văn Khoa"], kind=Kind.entity)
    assert answer_correct(item, make_output("Ông Nguyễn Văn Chuẩn ký."))
    assert not answer_correct(item, make_output("Ông Nguyễn Văn Chuẩn hoặc Trần Văn Khoa ký."))


def test_forbidden_value_equal_to_a_fact_is_ignored():
    item = make_item(facts=[["1.286 trạm"]], forbidden=["1286", "970"])
    assert answer_correct(item, make_output("Có 1.286 trạm."))
    assert not answer_correct(item, make_output("Có 1.286 trạm, trước đó 970."))


def test_citation_markers_are_not_numbers_of_the_answer():
    assert answer_correct(make_item(forbidden=["1"]), make_output("Có 1.286 trạm [1]."))


def test_abstention_is_never_a_correct_answer():
    assert not answer_correct(make_item(), make_output(abstained=True))
    assert not answer_correct(unanswerable(), abstention())


# ---------------------------------------------------------------- citation_correct


def test_citation_correct():
    assert citation_correct(make_item(), make_output())


def test_citation_of_another_report_is_not_correct():
    output = make_output(citations=[citation("có 1.286 trạm", report_file="001_b.txt")])
    assert not citation_correct(make_item(), output)


def test_facts_may_be_spread_over_several_quotes():
    item = make_item(facts=[["1.286"], ["1.222"]], forbidden=[])
    both = [citation("1.286 trạm"), citation("1222 trạm", report_file="001_b.txt")]
    assert citation_correct(item, make_output(citations=both))
    assert not citation_correct(item, make_output(citations=both[:1]))


def test_citation_correct_needs_an_answerable_item_and_no_abstention():
    assert not citation_correct(unanswerable(), make_output())
    assert not citation_correct(make_item(), make_output(abstained=True))


# ---------------------------------------------------------------- numbers_outside_quotes


def test_numbers_in_quotes_markers_and_period_are_fine():
    output = make_output("Tháng 10/2023 toàn tỉnh có 1286 trạm BTS [1], năm 2023 [2].")
    assert numbers_outside_quotes(output) == []


def test_number_missing_from_the_quotes_is_reported_once():
    output = make_output("Có 1.286 trạm, tăng 64 trạm; 64 là số tăng [1].")
    assert numbers_outside_quotes(output) == ["64"]


def test_report_title_numbers_and_quote_date_parts_are_fine():
    output = make_output(
        "Kế hoạch tháng 11/2023: đến 22/9 chỉnh trang 17 tuyến.",
        citations=[
            citation(
                "đến ngày 22/9/2023 đã chỉnh trang 17 tuyến",
                title="Báo cáo tháng 10 và kế hoạch tháng 11 năm 2023",
            )
        ],
    )
    assert numbers_outside_quotes(output) == []


def test_list_enumerators_are_not_numbers():
    output = make_output("Gồm:\n1. Có 1.286 trạm [1]\n2) Thêm 5 trạm")
    assert numbers_outside_quotes(output) == ["5"]


def test_abstentions_have_no_numbers_outside_quotes():
    assert numbers_outside_quotes(abstention()) == []


# ---------------------------------------------------------------- retrieval


def retrieved(*entries: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"report_file": f, "section": s, "score": 1.0 - i / 10} for i, (f, s) in enumerate(entries)]


def test_report_and_section_rank():
    output = make_output(
        retrieved=retrieved(
            ("001_b.txt", SECTION),
            (REPORT, "I. KẾT QUẢ > 2. Lĩnh vực bưu chính"),
            (REPORT, "I. KẾT QUẢ CÔNG TÁC THÁNG 10 NĂM 2023 > 3. Lĩnh vực viễn thông"),
        )
    )
    assert report_rank(make_item(), output) == 2
    assert section_rank(make_item(), output) == 3


def test_ranks_are_none_when_absent():
    output = make_output(retrieved=retrieved(("001_b.txt", SECTION)))
    assert report_rank(make_item(), output) is None
    assert section_rank(make_item(), output) is None
    assert report_rank(unanswerable(), output) is None
    assert section_rank(unanswerable(), make_output()) is None


@pytest.mark.parametrize(
    ("heading", "normalised"),
    [
        ("7. 2.  Công tác tổ chức cán bộ", "7.2. công tác tổ chức cán bộ"),
        ("7.2. Công tác tổ chức cán bộ", "7.2. công tác tổ chức cán bộ"),
        ("7.1  Hoạt động của Lãnh đạo Sở", "7.1. hoạt động của lãnh đạo sở"),
        ("14. Đánh giá kết quả đạt được:", "14. đánh giá kết quả đạt được"),
        ("Phụ lục: Các tuyến đường", "phụ lục các tuyến đường"),
    ],
)
def test_normalise_heading(heading, normalised):
    assert normalise_heading(heading) == normalised


@pytest.mark.parametrize(
    ("expected", "retrieved_section", "matches"),
    [
        ("I. A > 7. 2.  Công tác tổ chức cán bộ", "II. B > 7.2. Công tác tổ chức cán bộ", True),
        ("I. A > 14. Đánh giá kết quả đạt được:", "I. A > 14. Đánh giá kết quả đạt được", True),
        ("PHỤ LỤC", "PHỤ LỤC: Các văn bản đã ban hành", True),
        ("Phụ lục: Các văn bản đã ban hành trong tháng", "PHỤ LỤC", True),
        ("I. A > 4. Lĩnh vực CNTT", "I. A > 4. Lĩnh vực CNTT > b) Ứng dụng CNTT", True),  # a parent
        ("I. A > 8.1. Báo chí", "I. A > 8.10. Báo chí", False),
        ("I. A > 3. Lĩnh vực viễn thông", "I. A > 3. Lĩnh vực viễn thông, bưu chính", True),
        ("I. A > 1. Hoạt động của Lãnh đạo", "I. A > 1. Hoạt động của Lãnh đạo Sở", True),
        ("I. A > 2. Lĩnh vực bư", "I. A > 2. Lĩnh vực bưu chính", False),  # not a whole-word prefix
        ("I. A > 3. Lĩnh vực viễn thông", "I. A > 2. Lĩnh vực bưu chính", False),
    ],
)
def test_section_matches(expected, retrieved_section, matches):
    assert section_matches(expected, retrieved_section) is matches


def test_recall_and_mrr():
    ranks = [1, 3, None, 12]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 5) == 0.5
    assert recall_at(ranks, 20) == 0.75
    assert mrr_at(ranks, 10) == pytest.approx((1 + 1 / 3) / 4)
    assert mrr_at(ranks, 20) == pytest.approx((1 + 1 / 3 + 1 / 12) / 4)
    assert recall_at([], 5) == 0.0
    assert mrr_at([]) == 0.0


# ---------------------------------------------------------------- abstention, latency


def test_abstention_metrics():
    items = [make_item(id="a"), make_item(id="b"), make_item(id="c"), unanswerable("u1"), unanswerable("u2")]
    outputs = [make_output(), make_output(abstained=True), make_output(), abstention(), make_output()]
    metrics = abstention_metrics(items, outputs)
    assert metrics["precision"] == 0.5
    assert metrics["recall"] == 0.5
    assert metrics["false_refusal_rate"] == pytest.approx(1 / 3)


def test_abstention_metrics_with_empty_denominators():
    metrics = abstention_metrics([make_item()], [make_output()])
    assert (metrics["precision"], metrics["recall"], metrics["false_refusal_rate"]) == (1.0, 1.0, 0.0)
    metrics = abstention_metrics([unanswerable()], [abstention()])
    assert (metrics["precision"], metrics["recall"], metrics["false_refusal_rate"]) == (1.0, 1.0, 0.0)


def test_abstention_metrics_rejects_mismatched_lengths():
    with pytest.raises(ValueError):
        abstention_metrics([make_item()], [])


def test_percentile():
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == 2.5
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0
    with pytest.raises(ValueError):
        percentile(values, 101)


# ---------------------------------------------------------------- summary


def scenario() -> tuple[list[EvalItem], list[dict[str, Any]], list[float]]:
    good_retrieval = retrieved((REPORT, SECTION))
    items = [
        make_item(id="n1"),
        make_item(id="n2"),
        make_item(id="p1", kind=Kind.period),
        unanswerable("u1"),
        unanswerable("u2"),
    ]
    outputs = [
        make_output(retrieved=good_retrieval),
        make_output(
            "Có 1.222 trạm, tăng 5 [1].", retrieved=retrieved(("x.txt", "a"), (REPORT, "I > 9. Khác"))
        ),
        make_output(abstained=True, citations=[]),
        abstention(),
        make_output(),
    ]
    return items, outputs, [1.0, 2.0, 3.0, 4.0, 5.0]


def test_score_item():
    items, outputs, _ = scenario()
    score = score_item(items[1], outputs[1])
    assert score["correct"] is False
    assert score["report_rank"] == 2
    assert score["section_rank"] is None
    assert score["numbers_outside_quotes"] == ["1222", "5"]
    assert score_item(items[3], outputs[3])["correct"] is True


def test_summarise_overall():
    summary = summarise(*scenario())
    assert summary["n"] == 5
    assert summary["answerable"] == 3
    assert summary["correct"] == pytest.approx(2 / 5)  # n1 and u1
    assert summary["answer_correctness"] == pytest.approx(1 / 3)
    assert summary["citation_correctness"] == pytest.approx(2 / 3)  # n2's wrong answer cites 1.286
    assert summary["report_recall@1"] == pytest.approx(1 / 3)
    assert summary["report_recall@5"] == pytest.approx(2 / 3)
    assert summary["report_mrr@10"] == pytest.approx((1 + 1 / 2) / 3)
    assert summary["section_recall@1"] == pytest.approx(1 / 3)
    assert summary["section_recall@5"] == pytest.approx(1 / 3)
    assert summary["section_mrr@10"] == pytest.approx(1 / 3)
    assert summary["abstention_precision"] == 0.5
    assert summary["abstention_recall"] == 0.5
    assert summary["false_refusal_rate"] == pytest.approx(1 / 3)
    assert summary["numbers_outside_quotes"] == 1  # n2 only; u2's answer numbers are all quoted
    assert summary["latency_p50_s"] == 3.0
    assert summary["latency_p95_s"] == pytest.approx(4.8)


def test_summarise_by_kind():
    by_kind = summarise(*scenario())["by_kind"]
    assert list(by_kind) == ["numeric", "period", "unanswerable"]
    assert by_kind["numeric"]["n"] == 2
    assert by_kind["numeric"]["correct"] == 0.5
    assert by_kind["numeric"]["section_recall@5"] == 0.5
    assert by_kind["period"]["correct"] == 0.0
    assert by_kind["unanswerable"]["correct"] == 0.5
    assert by_kind["unanswerable"]["answer_correctness"] is None
    assert by_kind["unanswerable"]["section_recall@5"] is None


def test_summarise_rejects_mismatched_lengths():
    items, outputs, latencies = scenario()
    with pytest.raises(ValueError):
        summarise(items, outputs, latencies[:-1])


def test_markdown_table():
    table = markdown_table(summarise(*scenario()))
    lines = table.splitlines()
    assert (
        lines[0] == "| kind | n | correct | wrong | refused | errors | citation | section R@5 | report R@1 |"
    )
    assert "| numeric | 2 | 50.0% | 1 | 0 | 0 | 100.0% | 50.0% | 50.0% |" in lines
    assert "| unanswerable | 2 | 50.0% | 1 | 0 | 0 | – | – | – |" in lines
    assert "| wrong answers (share of all questions) | 40.0% |" in lines
    assert "| correct | 40.0% |" in lines
    assert "| report MRR@10 | 0.500 |" in lines
    assert "| latency p95 (s) | 4.800 |" in lines
    assert "| answers with a number outside quotes | 1 |" in lines


def test_numbers_of_the_cited_section_heading_are_allowed():
    output = {
        "answer": "Theo báo cáo tháng 10/2023 (3. Lĩnh vực viễn thông): 1.286 trạm BTS [1]",
        "abstained": False,
        "citations": [
            {
                "n": 1,
                "report_file": "a.txt",
                "report_title": "Báo cáo",
                "period": "tháng 10/2023",
                "section": "I. KẾT QUẢ > 3. Lĩnh vực viễn thông",
                "quote": "1.286 trạm BTS",
            }
        ],
    }
    assert numbers_outside_quotes(output) == []
    output["answer"] += " và 1.300 trạm"
    assert numbers_outside_quotes(output) == ["1300"]


@pytest.mark.parametrize(
    ("question", "first", "expected"),
    [
        ("BTS tháng 10/2023?", {"period": "tháng 10/2023", "period_match": "exact"}, True),
        ("BTS năm 2021?", {"period": "tháng 10/2021", "period_match": "within"}, True),
        ("đến tháng 9/2021?", {"period": "9 tháng đầu năm 2021", "period_match": "to_date"}, True),
        ("DTI năm 2022?", {"period": "tháng 10/2023", "period_match": "mention"}, True),
        # The retriever's own flag is not trusted for a period it could check.
        ("BTS tháng 10/2023?", {"period": "tháng 10/2021", "period_match": "exact"}, False),
        ("BTS tháng 10/2023?", {"period": None, "period_match": None}, False),
        ("BTS bao nhiêu?", {"period": "tháng 10/2021", "period_match": None}, None),
    ],
)
def test_in_period_at_1(question, first, expected):
    output = {"question": question, "rewritten_question": question, "retrieved": [first]}
    assert in_period_at_1(output) is expected
    assert in_period_at_1({**output, "retrieved": []}) is None


def test_a_period_the_question_names_may_be_repeated_without_a_quote():
    output = {
        "answer": "- tháng 10/2021: 55 tin bài [1]\n- tháng 10/2023: các báo cáo không có số liệu này.",
        "abstained": False,
        "rewritten_question": "Trang tin đăng bao nhiêu bài tháng 10/2021 so với tháng 10/2023?",
        "citations": [
            {"period": "tháng 10/2021", "section": "6.3. Trang tin", "quote": "đăng tải 55 tin bài"}
        ],
    }
    assert numbers_outside_quotes(output) == []
    assert numbers_outside_quotes({**output, "rewritten_question": "Trang tin đăng bao nhiêu bài?"}) == [
        "10/2023"
    ]


def test_marker_mismatches_name_lines_whose_source_lacks_their_numbers():
    from eval.metrics import marker_mismatches

    citations = [
        {"n": 1, "quote": "1.286 trạm BTS", "period": "tháng 10/2023", "report_title": "", "section": ""},
        {"n": 2, "quote": "1.222 trạm BTS", "period": "tháng 6/2023", "report_title": "", "section": ""},
    ]
    good = {
        "answer": "- tháng 10/2023: 1.286 trạm [1]\n- tháng 6/2023: 1.222 trạm [2]",
        "citations": citations,
    }
    swapped = {
        "answer": "- tháng 10/2023: 1.286 trạm [2]\n- tháng 6/2023: 1.222 trạm [3]",
        "citations": citations,
    }
    assert marker_mismatches(good) == []
    assert len(marker_mismatches(swapped)) == 2
    assert marker_mismatches({"answer": "x [1]", "abstained": True, "citations": []}) == []


# ---------------------------------------------------------------- outcomes, errors, quote precision


def test_outcomes_of_answerable_items():
    item = make_item()
    assert outcome(item, make_output()) == ("correct", [])
    assert outcome(item, make_output(abstained=True, citations=[])) == ("refused", [])
    wrong = make_output("Có 1.222 trạm BTS [1].", citations=[citation("có 1.222 trạm", report_file="x.txt")])
    assert outcome(item, wrong) == ("wrong", ["forbidden", "missing_fact", "other_report"])


def test_outcomes_of_unanswerable_items():
    assert outcome(unanswerable(), abstention()) == ("correct", [])
    assert outcome(unanswerable(), make_output()) == ("wrong", ["answered_unanswerable"])


def test_an_error_is_a_failure_never_a_refusal():
    failed = {"answer": "", "abstained": False, "citations": [], "retrieved": [], "error": "Lỗi kho"}
    assert outcome(make_item(), failed) == ("error", [])
    assert outcome(unanswerable(), failed) == ("error", [])
    # Even a row that says it abstained is an error when it carries one.
    assert outcome(unanswerable(), {**failed, "abstained": True})[0] == "error"
    summary = summarise([make_item(), unanswerable()], [failed, failed], [0.0, 0.0])
    assert summary["errors"] == 2 and summary["correct"] == 0.0
    assert summary["wrong_rate"] == 0.0 and summary["refused"] == 0


def test_wrong_is_a_share_of_all_questions_and_counted_by_reason():
    items = [make_item(id="a"), make_item(id="b"), unanswerable("u")]
    outputs = [make_output(), make_output("Có 1.222 trạm [1]."), make_output()]
    summary = summarise(items, outputs, [0.0] * 3)
    assert summary["wrong"] == 2 and summary["wrong_rate"] == pytest.approx(2 / 3)
    assert summary["wrong_by_reason"]["forbidden"] == 1
    assert summary["wrong_by_reason"]["answered_unanswerable"] == 1


def test_clauses_cut_at_separators_not_inside_numbers():
    assert clauses("Có 1.286 trạm; 90.923 cột. Hết: 10:30 xong") == [
        "Có 1.286 trạm;",
        " 90.923 cột.",
        " Hết:",
        " 10:30 xong",
    ]


def test_quote_precision_is_the_share_of_quoted_text_the_answer_needs():
    clause = "Toàn tỉnh hiện có 1.286 trạm BTS."
    assert quote_precision(make_item(), make_output(citations=[citation(clause)])) == 1.0
    padding = " Ngoài ra, các doanh nghiệp tiếp tục chỉnh trang cáp treo trên các tuyến đường." * 10
    long_quote = clause + padding
    precision = quote_precision(make_item(), make_output(citations=[citation(long_quote)]))
    assert precision == pytest.approx(len(clause) / len(long_quote))
    assert precision < 0.1
    assert quote_precision(make_item(), abstention()) is None
    assert quote_precision(unanswerable(), make_output()) is None
