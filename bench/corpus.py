"""Realistic report sets for the speed benchmark: the bundled monthly reports' structure, recombined
with other periods and changed figures.

    python -m bench.corpus N OUT_DIR [--seed S]

Report k is a copy of one bundled monthly report moved to its own month (January 2015 onwards, one
month after another, December left out so that the plan month stays in the same year), with every
figure changed by up to ±15% in the way the report writes it ("1.286" -> "1.347", "06" -> "07",
"57,96%" -> "61,02%"). Dates, document numbers, "17/26" ratios and the numbers of headings and items
("8.1. Báo chí") are left as they are.
"""

from __future__ import annotations

import argparse
import random
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from index.figures import quantities
from index.loaders import extract_text, read_bytes
from index.parse import parse_report
from index.types import PeriodKind

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "reports"
FIRST_YEAR = 2015
MONTHS_PER_YEAR = 11  # January to November: the plan month (the next one) stays in the same year


@dataclass(frozen=True)
class Template:
    name: str
    text: str  # NFC
    month: int
    year: int


def monthly_templates(folder: Path = BUNDLED) -> list[Template]:
    """The bundled reports that report on one month (the ones a generated month copies)."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        raw = extract_text(path, read_bytes(path))
        report = parse_report(path.name, raw, "")
        if report.period and report.period.kind is PeriodKind.month and report.period.start.month < 12:
            found.append(
                Template(
                    path.name,
                    unicodedata.normalize("NFC", raw),
                    report.period.start.month,
                    report.period.start.year,
                )
            )
    return found


def change_figure(written: str, rng: random.Random) -> str:
    """`written` changed by up to ±15%, written the same way: thousands dots, decimal comma, leading zero."""
    if "/" in written:
        return written
    integer, _, decimals = written.partition(",")
    digits = integer.replace(".", "")
    if not digits.isdigit():
        return written
    value = Decimal(f"{digits}.{decimals}" if decimals else digits)
    changed = value * Decimal(str(round(rng.uniform(0.85, 1.15), 4)))
    places = Decimal(1).scaleb(-len(decimals))
    changed = max(changed.quantize(places, rounding=ROUND_HALF_UP), places if value > 0 else Decimal(0))
    whole, _, fraction = f"{changed:f}".partition(".")
    if "." in integer:
        whole = f"{int(whole):,}".replace(",", ".")
    whole = whole.zfill(len(digits)) if digits.startswith("0") else whole
    return f"{whole},{fraction}" if decimals else whole


# A number after these words names a time or a thing, not an amount: "tháng 5", "Số 12", "lần thứ 24".
_NAMING_BEFORE = re.compile(
    r"(?:tháng|năm|quý|ngày|giờ|phút|số|thứ|khóa|kỳ|tiêu chí|điều|khoản)\s*$", re.IGNORECASE
)


# A number that opens a line and is followed by "." or ")" numbers a heading or an item: "4. Lĩnh vực",
# "8.1. Báo chí", "2) ...". Changing it would change the report's section tree, not its figures.
_ITEM_NUMBER = re.compile(r"(?:^|\n)[ \t*#]*\Z")
_AFTER_ITEM_NUMBER = re.compile(r"[\d.]*[.)]\s")


def change_figures(text: str, rng: random.Random) -> str:
    out, cursor = [], 0
    for q in quantities(text):
        if _NAMING_BEFORE.search(text[max(0, q.start - 12) : q.start]):
            continue
        if _ITEM_NUMBER.search(text[max(0, q.start - 12) : q.start]) and _AFTER_ITEM_NUMBER.match(
            text, q.end
        ):
            continue
        out.append(text[cursor : q.start])
        out.append(change_figure(text[q.start : q.end], rng))
        cursor = q.end
    out.append(text[cursor:])
    return "".join(out)


def move_period(text: str, template: Template, month: int, year: int) -> str:
    """The template's month (and the next, its plan) and year said as `month` and `year`."""
    shift = {template.month: month, template.month + 1: month + 1}

    def month_word(m: re.Match[str]) -> str:
        n = int(m.group(2))
        return f"{m.group(1)} {shift.get(n, n)}"

    text = re.sub(r"(tháng|THÁNG|Tháng)\s+(\d{1,2})(?!\d)", month_word, text)
    text = re.sub(rf"(?<!\d){template.month}/{template.year}(?!\d)", f"{month}/{year}", text)
    return re.sub(rf"(?<!\d){template.year}(?!\d)", str(year), text)


def generate(count: int, out_dir: Path, seed: int = 0, templates: list[Template] | None = None) -> list[Path]:
    """`count` report files in `out_dir`, one month each, oldest first."""
    templates = templates or monthly_templates()
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for k in range(count):
        template = templates[k % len(templates)]
        month, year = 1 + k % MONTHS_PER_YEAR, FIRST_YEAR + k // MONTHS_PER_YEAR
        text = change_figures(move_period(template.text, template, month, year), rng)
        path = out_dir / f"{k:03d}_bao-cao-thang-{month:02d}-{year}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.count, args.out_dir, args.seed)
    print(f"{len(paths)} báo cáo trong {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
