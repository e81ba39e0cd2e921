from index.chunking import chunk_id, chunk_report, pack, units
from index.parse import load_report, parse_report
from tests.conftest import BUNDLED, REPORTS


def test_units_split_sentences_then_clauses_within_limit():
    text = "Câu một ngắn. Câu hai; vế a dài dài dài; vế b dài dài dài dài dài.\n- Mục mới."
    spans = units(text, 30)
    pieces = [text[a:b] for a, b in spans]
    assert pieces[0] == "Câu một ngắn."
    assert all(len(p) <= 30 for p in pieces)
    assert pieces[-1] == "- Mục mới."


def test_pack_merges_while_within_limit():
    assert pack([(0, 10), (11, 20), (21, 40)], 25) == [(0, 20), (21, 40)]


def test_every_chunk_is_bounded_and_points_into_the_report():
    for name in BUNDLED:
        report = load_report(REPORTS / name)
        for chunk in chunk_report(report, 700):
            assert len(chunk.text) <= 700
            assert report.text[chunk.start : chunk.end] == chunk.text
            assert chunk.report_file == name and chunk.report_period == report.period_label


def test_chunk_ids_are_stable_and_content_derived():
    raw = "BÁO CÁO\nKết quả tháng 10 năm 2023\nI. KẾT QUẢ\n1. Viễn thông\nCó 1.286 trạm BTS.\n"
    first = chunk_report(parse_report("a.txt", raw, "h1"))
    again = chunk_report(parse_report("a.txt", raw, "h2"))
    assert [c.id for c in first] == [c.id for c in again]
    changed = chunk_report(parse_report("a.txt", raw.replace("1.286", "1.300"), "h3"))
    assert first[-1].id != changed[-1].id
    assert chunk_id("a.txt", "s", "t") != chunk_id("b.txt", "s", "t")


def test_plan_chunks_are_about_the_planned_period():
    report = load_report(REPORTS / "000_773a491ad26e4c27.txt")
    chunks = chunk_report(report)
    plan = [c for c in chunks if c.kind.value == "plan"]
    assert plan and all(c.about.label() == "tháng 11/2023" for c in plan)
    assert all(c.about.label() == "tháng 10/2023" for c in chunks if c.kind.value == "result")
