"""The rerank stage: signals, the pluggable cross-encoder, the setting that picks one."""

from __future__ import annotations

import pytest

from assistant.intent import MONEY_UNITS, asked_units
from assistant.rerank import (
    CrossEncoderReranker,
    KeepOrder,
    RerankQuery,
    SignalReranker,
    build_reranker,
)
from assistant.types import RetrievedChunk
from index.errors import BaocaoError
from index.types import Chunk, SectionKind


def item(
    i: str, text: str, section: str = "1. Chung", kind: SectionKind = SectionKind.result
) -> RetrievedChunk:
    return RetrievedChunk(Chunk(i, text, "r.txt", "T", None, section, kind, 0, len(text), None), 1.0)


def order(reranker, question: str, items, plan: bool = False) -> list[str]:
    return [r.chunk.id for r in reranker.rerank(RerankQuery(question, question, plan), items)]


def test_plan_question_prefers_plan_sections():
    items = [item("result", "Kiểm tra lĩnh vực viễn thông"), item("plan", "Kiểm tra", kind=SectionKind.plan)]
    assert order(SignalReranker(), "dự kiến kiểm tra", items, plan=True) == ["plan", "result"]
    assert order(SignalReranker(), "đã kiểm tra", items, plan=False) == ["result", "plan"]


def test_heading_that_names_the_subject_wins_a_tie():
    items = [item("other", "Số liệu", "2. Bưu chính"), item("telecom", "Số liệu", "3. Lĩnh vực viễn thông")]
    assert order(SignalReranker(), "số liệu viễn thông", items) == ["telecom", "other"]


def test_figure_of_the_asked_kind_wins_a_tie():
    items = [item("km", "Đã chỉnh trang 260 km cáp"), item("tram", "Toàn tỉnh có 1.286 trạm")]
    assert order(SignalReranker(), "bao nhiêu trạm BTS", items) == ["tram", "km"]
    assert order(SignalReranker(), "bao nhiêu km cáp", items) == ["km", "tram"]


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("bao nhiêu trạm BTS tháng 10/2023?", [{"tram"}]),
        ("bao nhieu ho so", [{"ho"}]),
        ("có mấy cuộc thanh tra", [{"cuoc"}]),
        ("tỷ lệ văn bản ký số là bao nhiêu", [{"%"}]),
        ("bao nhiêu phần trăm xã có cáp quang", [{"%"}]),
        ("năm 2023 có bao nhiêu", []),
        ("Tỷ lệ hộ gia đình có máy tính", [{"%"}]),  # "máy" is no "mấy"
        ("So triển khai công điện nào", []),  # unmarked "So" may be "Sở"
        ("trên mấy con đường?", [{"duong"}]),
        ("bị phạt bao nhiêu", [MONEY_UNITS]),  # a fine is an amount
        ("bi phat bao nhieu", [MONEY_UNITS]),
        ("đã phát bao nhiêu", []),  # "phát" (broadcast) is no fine
    ],
)
def test_asked_units(question, unit):
    assert [set(u) for u in asked_units(question)] == unit


def test_keep_order_and_cross_encoder_with_a_given_scorer():
    items = [item("a", "alpha"), item("b", "beta")]
    assert order(KeepOrder(), "q", items) == ["a", "b"]
    reranker = CrossEncoderReranker("unused", predict=lambda pairs: [len(p[1]) for p in pairs][::-1])
    assert order(reranker, "q", [item("a", "a"), item("b", "bbb")]) == ["a", "b"]
    assert reranker.rerank(RerankQuery("q", "q", False), []) == []


def test_build_reranker_from_the_setting(tmp_path):
    assert isinstance(build_reranker("signals"), SignalReranker)
    assert isinstance(build_reranker("none"), KeepOrder)
    with pytest.raises(BaocaoError, match="BAOCAO_RERANKER"):
        build_reranker("magic")
    with pytest.raises(BaocaoError, match="signals"):
        build_reranker(f"cross-encoder:{tmp_path / 'missing'}")


def test_newer_report_wins_a_tie_only_when_no_period_is_named():
    from datetime import date

    from index.types import Period, PeriodKind

    def dated(i: str, year: int) -> RetrievedChunk:
        about = Period(date(year, 10, 1), date(year, 10, 31), PeriodKind.month)
        chunk = Chunk(
            i, "Toàn tỉnh có trạm", f"{i}.txt", "T", None, "3. Viễn thông", SectionKind.result, 0, 5, about
        )
        return RetrievedChunk(chunk, 1.0)

    items = [dated("old", 2021), dated("new", 2023)]
    query = RerankQuery("có bao nhiêu trạm", "có bao nhiêu trạm", False)
    assert [r.chunk.id for r in SignalReranker().rerank(query, items)] == ["new", "old"]
    named = RerankQuery("có bao nhiêu trạm", "có bao nhiêu trạm", False, names_period=True)
    assert [r.chunk.id for r in SignalReranker().rerank(named, items)] == ["old", "new"]
