"""Retrieval: period matching, fusion, diversity, and the retriever over the bundled reports."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.rerank import KeepOrder
from assistant.retrieval import diversify, period_match, rrf, same_span
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import PeriodMatch, RetrievedChunk
from index.periods import parse_periods
from index.types import Chunk, Period, PeriodKind, SectionKind


def period(text: str) -> Period:
    (p,) = parse_periods(text)
    return p


def chunk(
    i: str, section: str = "1. A", report: str = "r.txt", kind: SectionKind = SectionKind.result
) -> Chunk:
    return Chunk(i, f"text {i}", report, "T", None, section, kind, 0, 6, None)


@pytest.mark.parametrize(
    ("about", "asked", "expected"),
    [
        ("tháng 10/2023", "tháng 10/2023", PeriodMatch.exact),
        ("3 tháng cuối năm 2021", "quý IV/2021", PeriodMatch.exact),
        ("tháng 10/2021", "năm 2021", PeriodMatch.within),
        ("9 tháng đầu năm 2021", "năm 2021", PeriodMatch.within),
        ("9 tháng đầu năm 2021", "tháng 9/2021", PeriodMatch.to_date),
        ("10 tháng đầu năm 2023", "tháng 10/2023", PeriodMatch.to_date),
        ("9 tháng đầu năm 2021", "tháng 3/2021", None),  # a cumulative figure is not March's
        ("tháng 10/2021", "tháng 10/2023", None),
        ("năm 2017", "tháng 6/2017", None),
    ],
)
def test_period_match(about, asked, expected):
    assert period_match(period(about), period(asked)) is expected


def test_same_span_ignores_the_name():
    assert same_span(
        Period(date(2021, 10, 1), date(2021, 12, 31), PeriodKind.quarter), period("3 tháng cuối năm 2021")
    )


def test_rrf_weights_and_ranks():
    fused = rrf([({"a": 0, "b": 1}, 0.5), ({"b": 0}, 0.5)], k=60)
    assert fused["b"] > fused["a"] > 0
    assert rrf([({"a": 0}, 1.0), ({"b": 0}, 0.0)])["b"] == 0.0


def test_diversify_lets_other_sections_in_before_a_third_copy():
    items = [RetrievedChunk(chunk(str(i), "Phụ lục"), 1.0 - i / 10) for i in range(4)]
    items.append(RetrievedChunk(chunk("x", "3. Viễn thông"), 0.1))
    order = [r.chunk.id for r in diversify(items, per_section=2)]
    assert order == ["0", "1", "x", "2", "3"]


@pytest.fixture(scope="module")
def assistant(fake_index) -> Assistant:
    data_dir, embedder = fake_index
    return Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)


def test_year_question_searches_the_reports_inside_that_year(assistant):
    retrieval = assistant.retriever.retrieve("năm 2021 có bao nhiêu trạm BTS")
    files = {r.chunk.report_file for r in retrieval.chunks}
    assert files <= {"002_55fd18fac0347c3a.txt", "004_ba5538cea7ae7ccd.txt"}
    assert all(r.period_match is PeriodMatch.within for r in retrieval.chunks)


def test_month_ending_a_cumulative_report_uses_it(assistant):
    retrieval = assistant.retriever.retrieve("đến tháng 9/2021 Sở đã ký bao nhiêu hợp đồng")
    assert {r.chunk.report_file for r in retrieval.chunks} == {"002_55fd18fac0347c3a.txt"}
    assert {r.period_match for r in retrieval.chunks} == {PeriodMatch.to_date}


def test_a_running_total_comes_from_the_report_that_ends_the_span(assistant):
    # Both monthly reports of 2023 lie inside "10 tháng đầu năm 2023"; only October's states that total.
    for question, report in [
        ("10 tháng đầu năm 2023 cấp bao nhiêu giấy phép xuất bản", "000_773a491ad26e4c27.txt"),
        ("6 tháng đầu năm 2023 cấp bao nhiêu giấy phép xuất bản", "001_448a9129cc2f7b34.txt"),
    ]:
        retrieval = assistant.retriever.retrieve(question)
        assert {r.chunk.report_file for r in retrieval.chunks} == {report}


def test_quarter_iv_is_the_plan_for_the_last_three_months(assistant):
    retrieval = assistant.retriever.retrieve("Quý IV/2021 Sở dự kiến kiểm tra những lĩnh vực nào?")
    assert retrieval.chunks and all(r.chunk.kind is SectionKind.plan for r in retrieval.chunks)
    assert {r.chunk.report_file for r in retrieval.chunks} == {"002_55fd18fac0347c3a.txt"}


def test_uncovered_period_searches_nothing(assistant):
    retrieval = assistant.retriever.retrieve("tháng 12/2023 có bao nhiêu trạm BTS")
    assert retrieval.chunks == () and [p.label() for p in retrieval.uncovered] == ["tháng 12/2023"]


def test_no_period_searches_everything_without_a_period_match(assistant):
    retrieval = assistant.retriever.retrieve("có bao nhiêu trạm BTS")
    assert retrieval.chunks and all(r.period_match is None for r in retrieval.chunks)
    assert len({r.chunk.report_file for r in retrieval.chunks}) > 1


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_mode_keeps_the_period_filter(assistant, mode):
    retriever = assistant.retriever.variant(mode=mode, reranker=KeepOrder())
    retrieval = retriever.retrieve("bao nhiêu trạm BTS tháng 10/2023?")
    assert retrieval.chunks
    assert {r.chunk.report_file for r in retrieval.chunks} == {"000_773a491ad26e4c27.txt"}
    if mode == "dense":
        assert all(r.lexical_rank is None for r in retrieval.chunks)
    if mode == "lexical":
        assert all(r.dense_rank is None for r in retrieval.chunks)


def test_unknown_mode_is_refused(assistant):
    with pytest.raises(ValueError, match="retrieval mode"):
        type(assistant.retriever)(assistant.retriever.store, assistant.retriever.embedder, [], mode="sparse")


def test_question_without_diacritics_is_restored_for_the_dense_search(assistant):
    seen: list[str] = []
    retriever = assistant.retriever
    original = retriever.embedder

    class Spy:
        def embed_query(self, text: str) -> list[float]:
            seen.append(text)
            return original.embed_query(text)

    retriever.variant(embedder=Spy()).retrieve("so thue bao di dong thang 10/2023 la bao nhieu")
    assert seen and "thuê bao di động" in seen[0] and "bao nhiêu" in seen[0]


def test_a_chunk_found_for_two_periods_keeps_its_stronger_match(assistant):
    candidates = assistant.retriever._candidates([period("tháng 10/2021"), period("năm 2021")], plan=False)
    by_report: dict[str, set[PeriodMatch]] = {}
    for chunk in assistant.retriever.chunks:
        if chunk.id in candidates.matches:
            by_report.setdefault(chunk.report_file, set()).add(candidates.matches[chunk.id])
    assert by_report["004_ba5538cea7ae7ccd.txt"] == {PeriodMatch.exact}
    assert by_report["002_55fd18fac0347c3a.txt"] == {PeriodMatch.within}


def test_a_filter_to_chosen_reports_searches_only_them(assistant):
    only = assistant.restricted(["001_448a9129cc2f7b34.txt"])
    retrieval = only.retriever.retrieve("có bao nhiêu trạm BTS")
    assert {r.chunk.report_file for r in retrieval.chunks} == {"001_448a9129cc2f7b34.txt"}
    assert [p.label() for p in only.available_periods()] == ["tháng 6/2023"]
    # A period outside the chosen reports is not covered there.
    assert only.retriever.retrieve("tháng 10/2023 có bao nhiêu trạm BTS").chunks == ()
    answer = only.ask("tháng 10/2023 có bao nhiêu trạm BTS?")
    assert answer.abstained and "tháng 6/2023" in answer.text
    assert assistant.retriever.only is None  # the shared assistant is unchanged
