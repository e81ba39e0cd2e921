import random

from bench.corpus import change_figure, change_figures, generate, monthly_templates
from index.figures import quantities
from index.loaders import extract_text, read_bytes
from index.parse import parse_report


def test_a_changed_figure_is_written_the_way_the_report_writes_it():
    rng = random.Random(1)
    for written in ("1.286", "31.888,142", "06", "57,96", "970", "0"):
        changed = change_figure(written, rng)
        assert changed.count(",") == written.count(",")
        if "," in written:
            assert len(changed.split(",")[1]) == len(written.split(",")[1])
        if written.startswith("0") and len(written) > 1:
            assert len(changed) == len(written)
    assert change_figure("17/26", rng) == "17/26"  # a ratio is left as it is
    assert change_figure("1.286", random.Random(3)).count(".") == 1


def test_generated_reports_each_have_their_own_month_and_changed_figures(tmp_path):
    templates = monthly_templates()
    assert len(templates) >= 2
    paths = generate(13, tmp_path, seed=7, templates=templates)
    periods = []
    for k, path in enumerate(paths):
        report = parse_report(path.name, extract_text(path, read_bytes(path)), "")
        periods.append(report.period.label())
        month, year = 1 + k % 11, 2015 + k // 11
        assert report.period.label() == f"tháng {month}/{year}", path.name
        assert report.plan_period is not None and report.plan_period.start.month == month + 1
    assert len(set(periods)) == 13
    template = templates[0]
    before = [q.written for q in quantities(template.text)]
    after = [q.written for q in quantities(paths[0].read_text(encoding="utf-8"))]
    assert (
        len(before) == len(after)
        and sum(a != b for a, b in zip(before, after, strict=True)) > len(before) / 4
    )


def test_heading_and_item_numbers_are_left_as_they_are():
    text = "4. Lĩnh vực viễn thông\n8.1. Báo chí: 1.286 trạm\n  2) có 970 tin\n- 35 cuộc"
    changed = change_figures(text, random.Random(2))
    lines = changed.splitlines()
    assert lines[0] == "4. Lĩnh vực viễn thông"
    assert lines[1].startswith("8.1. Báo chí: ") and "1.286" not in lines[1]
    assert lines[2].startswith("  2) có ") and "970" not in lines[2]
    assert lines[3] != "- 35 cuộc"
