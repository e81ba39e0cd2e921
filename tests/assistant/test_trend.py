from assistant.evidence import read_ask
from assistant.templates import load_templates
from assistant.trend import best_by_report, compose_trend, written_value
from index.figures import Figure
from index.lexical import LexicalIndex
from index.vocabulary import Vocabulary


def figure(
    report: str, period: str, end: str, quote: str, value: str, written: str, after: str, unit: str, **kw
):
    from index.lexical import content_tokens

    return Figure(
        report_file=report,
        period=period,
        period_end=end,
        section="3. Lĩnh vực viễn thông",
        section_kind=kw.get("kind", "result"),
        quote=quote,
        start=0,
        end=len(quote),
        value=value,
        written=written,
        after=after,
        unit=unit,
        change=kw.get("change", False),
        level=kw.get("level", False),
        part=False,
        terms=tuple(content_tokens(f"Lĩnh vực viễn thông {quote}")),
    )


FIGURES = [
    figure(
        "b.txt",
        "tháng 10/2023",
        "2023-10-31",
        "1.286 trạm thu, phát sóng (BTS)",
        "1286",
        "1.286",
        " trạm thu, phát",
        "tram",
    ),
    figure("a.txt", "năm 2017", "2017-12-31", "tổng số trạm BTS là 970 trạm", "970", "970", " trạm.", "tram"),
    figure(
        "c.txt",
        "năm 2021",
        "2021-09-30",
        "xây dựng 12 trạm BTS",
        "12",
        "12",
        " trạm BTS",
        "tram",
        change=True,
    ),
    figure(
        "d.txt",
        "tháng 6/2023",
        "2023-06-30",
        "kế hoạch 1.500 trạm BTS",
        "1500",
        "1.500",
        " trạm BTS",
        "tram",
        kind="plan",
    ),
    figure(
        "b.txt",
        "tháng 10/2023",
        "2023-10-31",
        "162 điểm phục vụ bưu chính",
        "162",
        "162",
        " điểm phục vụ",
        "diem",
    ),
]
LEXICAL = LexicalIndex([f.quote for f in FIGURES] + ["bưu chính", "viễn thông"])
VOCABULARY = Vocabulary((("BTS", "trạm thu, phát sóng thông tin di động"),))


def test_one_level_per_report_in_period_order_without_plans_or_changes():
    ask = read_ask("số trạm BTS", LEXICAL, VOCABULARY)
    chosen = best_by_report(FIGURES, ask, "số trạm BTS")
    assert [(f.period, f.value) for f in chosen] == [("năm 2017", "970"), ("tháng 10/2023", "1286")]


def test_the_answer_is_a_cited_table_with_a_series():
    answer = compose_trend(
        "số trạm BTS qua các kỳ báo cáo?",
        "số trạm BTS qua các kỳ báo cáo?",
        "số trạm BTS",
        FIGURES,
        {"a.txt": "Báo cáo năm 2017"},
        LEXICAL,
        load_templates(),
        VOCABULARY,
    )
    assert (
        "| năm 2017 | 970 trạm | [1] |" in answer.text
        and "| tháng 10/2023 | 1.286 trạm | [2] |" in answer.text
    )
    assert [c.quote for c in answer.citations] == [
        "tổng số trạm BTS là 970 trạm",
        "1.286 trạm thu, phát sóng (BTS)",
    ]
    assert answer.citations[0].report_title == "Báo cáo năm 2017"
    assert [p.to_json() for p in answer.series][0] == {
        "period": "năm 2017",
        "value": "970",
        "written": "970 trạm",
        "citation": 1,
    }


def test_nothing_matching_gives_none():
    assert compose_trend("q", "q", "số trạm 5G", FIGURES, {}, LEXICAL, load_templates(), VOCABULARY) is None


def test_written_value_keeps_the_words_that_name_the_metric():
    assert written_value(FIGURES[4], "số điểm phục vụ bưu chính") == "162 điểm phục vụ"
    assert written_value(FIGURES[0], "số trạm BTS") == "1.286 trạm"
