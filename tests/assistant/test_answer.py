from datetime import date

from assistant.answer import latest_and_others
from assistant.evidence import Evidence
from index.types import Chunk, Period, PeriodKind, SectionKind


def _evidence(report: str, month: int, year: int, quote: str) -> Evidence:
    about = Period(date(year, month, 1), date(year, month, 28), PeriodKind.month)
    chunk = Chunk(
        report, quote, report, "Báo cáo", about.label(), "4. CNTT", SectionKind.result, 0, len(quote), about
    )
    return Evidence(chunk, quote, 0, len(quote), 1.0)


def test_no_period_named_the_newest_report_that_gives_the_figure_answers():
    older = _evidence(
        "a.txt", 10, 2021, "trong tháng tạo mới 9 hộp thư, nâng tổng số hộp thư công vụ là 7.729."
    )
    # The counted word is said before the figure: "tổng số hộp thư ... là 10.102".
    newer = _evidence("b.txt", 10, 2023, "cấp mới 49 tài khoản, nâng tổng số hộp thư công vụ là 10.102.")
    best, others = latest_and_others(older, [older, newer], "tổng số hộp thư công vụ là bao nhiêu?")
    assert best is newer and others == [older]
