"""Tables as facts: each data row written as one line that names its table, its row and its columns.

"Bảng 1. Số trạm BTS theo doanh nghiệp — Viettel Trà Vinh — Số trạm BTS, Tổng số: 568; Số trạm BTS,
Trong đó 4G: 560". A row line can be searched, quoted and cited on its own, and its figures read
with what they count. Pure: cells in, lines out. The readers (Word, PDF, Markdown pipe tables,
tab-separated text) only have to give the grid, merged cells repeated or left empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.text import collapse_spaces, fold_diacritics

ROW_SEPARATOR = " — "
_NUMBER_CELL = re.compile(r"^[\s(+-]*\d[\d.,]*\s*(?:%|‰)?[)\s]*$")
# A first column that only counts rows ("STT", "TT", "Số TT"): not what the row is about.
_COUNTER_HEADER = re.compile(r"^(?:s\.?\s*)?(?:stt|tt|so tt|thu tu)$")
_ORDINAL = re.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[a-zđ])[.)]?$")
_BARE_CAPTION = re.compile(r"^(Bảng|Biểu|BẢNG|BIỂU)\s*(?:số\s*)?\d+\b", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """A grid of cell texts. A cell merged into its neighbour holds "" or repeats its text."""

    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


# Cells that say "nothing here": no figure for this row and column.
_EMPTY_MARKS = frozenset({"-", "–", "—", "x", "X", "…", "...", "0/0"})


def _clean(cell: str | None) -> str:
    text = collapse_spaces((cell or "").replace("\n", " "))
    return "" if text in _EMPTY_MARKS else text


def is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.match(cell))


def make_table(rows: list[list[str | None]], caption: str = "") -> Table:
    """A Table from ragged rows (None for a merged or missing cell): padded to one width, cleaned,
    rows with no text dropped."""
    cleaned = [[_clean(c) for c in row] for row in rows]
    width = max((len(r) for r in cleaned), default=0)
    padded = [tuple(r + [""] * (width - len(r))) for r in cleaned if any(r)]
    return Table(tuple(padded), _clean(caption))


def header_rows(table: Table) -> int:
    """How many rows at the top are column headers: those above the first row with a number past its
    first column (a table of text only has one header row)."""
    for index, row in enumerate(table.rows):
        if index and any(is_number(cell) for cell in row[1:]):
            return index
    return 1 if len(table.rows) > 1 else 0


def column_headers(table: Table) -> list[str]:
    """One header per column: the header rows' texts top-down, a merged cell's text repeated over the
    columns it spans (a blank header cell takes its left neighbour's text in the upper rows)."""
    count = header_rows(table)
    headers: list[list[str]] = [[] for _ in range(table.width)]
    for r in range(count):
        row = list(table.rows[r])
        for c in range(table.width):
            text = row[c]
            # A blank under a merged title, or beside it on an upper row: the span's own text.
            if not text and c > 0 and r < count - 1 and table.rows[r + 1][c]:
                text = row[c - 1]
                row[c] = text
            if text and (not headers[c] or headers[c][-1] != text):
                headers[c].append(text)
    return [", ".join(parts) for parts in headers]


def _label_columns(table: Table, headers: list[str]) -> list[int]:
    """The columns that name what a row is about: the leading text columns, a counter column aside."""
    body = table.rows[header_rows(table) :]
    labels: list[int] = []
    for c in range(table.width):
        values = [row[c] for row in body if row[c]]
        if not values:
            continue
        counter = _COUNTER_HEADER.match(fold_diacritics(headers[c])) or all(_ORDINAL.match(v) for v in values)
        if counter and c == 0:
            continue
        if all(is_number(v) for v in values):
            break
        labels.append(c)
        if len(labels) == 2:
            break
    return labels[:1] if len(labels) > 1 and labels[1] != labels[0] + 1 else labels


# A row line repeats its table's label: a caption longer than a heading is cut to its "Bảng N" or to
# this many characters (the corpus's captions run 40-110; the row's own headers say the rest).
MAX_LABEL_CHARS = 90


def table_label(table: Table, number: int) -> str:
    """The caption ("Bảng 1. Số trạm BTS ..."), shortened when long, or "Bảng <number>"."""
    caption = table.caption.rstrip(":").strip()
    if not caption:
        return f"Bảng {number}"
    if len(caption) <= MAX_LABEL_CHARS:
        return caption
    if m := _BARE_CAPTION.match(caption):
        return m.group(0)
    return caption[: caption.rfind(" ", 0, MAX_LABEL_CHARS)] + " …"


def row_lines(table: Table, number: int) -> list[str]:
    """One line per data row: "<table> — <row label> — <column>: <value>; ...". Empty cells are left
    out; a row label merged down from the row above is repeated."""
    if not table.rows:
        return []
    headers = column_headers(table)
    labels = _label_columns(table, headers)
    label = table_label(table, number)
    lines: list[str] = []
    previous: list[str] = [""] * table.width
    for row in table.rows[header_rows(table) :]:
        cells = list(row)
        for c in labels:
            if not cells[c]:
                # "| Tổng cộng | | 1.587 |": a total written across the counter column is the row's label;
                # otherwise an empty label cell is merged down from the row above.
                across = next(
                    (
                        cells[k]
                        for k in range(c)
                        if k not in labels and cells[k] and not _ORDINAL.match(cells[k])
                    ),
                    "",
                )
                cells[c] = across if across and not is_number(across) else previous[c]
        previous = cells
        name = ", ".join(cells[c] for c in labels if cells[c])
        values = [
            f"{headers[c]}: {cells[c]}" if headers[c] else cells[c]
            for c in range(table.width)
            if c not in labels
            and row[c]
            and not (c == 0 and _ORDINAL.match(row[c]))
            and row[c] != name  # a label cell merged across the counter column
            and not (c > 0 and row[c] == row[c - 1] and headers[c] == headers[c - 1])  # merged across
        ]
        if not values:
            if name:
                lines.append(f"{label}{ROW_SEPARATOR}{name}")
            continue
        lines.append(ROW_SEPARATOR.join(p for p in (label, name, "; ".join(values)) if p))
    return lines


@dataclass(frozen=True)
class RowLine:
    """A row line read back: its table, its own label ("Viettel Vĩnh Long"; "" when the table has no
    label column) and its values."""

    table: str
    label: str
    values: str


_VALUES = re.compile(r": [^;]*\d|^[\d.,%\s;]+$")


def read_row_line(text: str) -> RowLine | None:
    """The parts of a line `row_lines` wrote, or None for any other text."""
    parts = text.strip().split(ROW_SEPARATOR)
    if len(parts) < 2 or not _VALUES.search(parts[-1]) and len(parts) < 3:
        return None  # prose with a dash: a row's last part holds "header: value" pairs
    if len(parts) == 2:
        has_values = ":" in parts[1] or is_number(parts[1].split(";")[0])
        return RowLine(parts[0], "" if has_values else parts[1], parts[1] if has_values else "")
    return RowLine(parts[0], parts[1], ROW_SEPARATOR.join(parts[2:]))


# A row that sums the others: "Tổng cộng", "Tổng số", "Cộng", "Cộng cấp huyện, cấp xã", "Toàn tỉnh"
# (seen in the bundled and the new reports' tables of operators and of districts).
# Read as spelled: "Công an tỉnh" is a row of its own.
# "Tổng công ty …", "Cộng đồng …" are rows of their own: a total stands alone or before a level or a colon.
_TOTAL_LABEL = re.compile(r"^(?:tổng cộng|tổng số|tổng|cộng|toàn tỉnh|toàn ngành)(?:\s*$|\s*[,:(]|\s+cấp\b)")
_ASIDE = re.compile(r"\([^)]*\)")


def is_total_label(label: str) -> bool:
    return bool(_TOTAL_LABEL.match(unicodedata.normalize("NFC", label).strip().lower()))


def label_words(label: str) -> set[str]:
    """The folded words of a row label, its parenthesised aside left out ("VNPT Trà Vinh (VinaPhone)")."""
    return set(re.findall(r"[^\W_]+", fold_diacritics(_ASIDE.sub(" ", label)).lower()))


def named_rows(question: str, labels: list[str]) -> list[str]:
    """The labels among a table's part rows (totals left out) that the question names. A row is named
    by the words that set it apart from the others, as a phrase of the question: "viettel" of "Viettel
    Vĩnh Long" beside "VNPT Vĩnh Long", "cau ke" of "Huyện Cầu Kè" (not "kế" of "thiết kế"); a run of
    such words longer than two needs half of it, two words at least; a row with no word of its own
    needs all its words."""
    question = f" {_folded(question)} "
    parts = [label for label in dict.fromkeys(labels) if label and not is_total_label(label)]
    found = []
    for label in parts:
        own = _label_sequence(label)
        others = set().union(*(label_words(o) for o in parts if o != label))
        runs: list[list[str]] = [[]]
        for word in own:
            if word in others:
                runs.append([])
            else:
                runs[-1].append(word)
        runs = [r for r in runs if r] or [own]
        if any(_names_run(question, run, whole=run is own) for run in runs):
            found.append(label)
    return found


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", fold_diacritics(text).lower()))


def _label_sequence(label: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold_diacritics(_ASIDE.sub(" ", label)).lower())


def _names_run(question: str, run: list[str], whole: bool) -> bool:
    need = len(run) if whole or len(run) == 1 else max(2, (len(run) + 1) // 2)
    return any(f" {' '.join(run[i : i + need])} " in question for i in range(len(run) - need + 1))


def is_caption(text: str) -> bool:
    """A paragraph that names the table after it: "Bảng 1. ...", "Biểu số 2: ..."."""
    return bool(_BARE_CAPTION.match(text.strip())) and len(text) <= 300


def caption_before(previous: list[str]) -> str:
    """The caption among the (up to two) paragraphs before a table: a "Bảng 1 ..." line, else a short
    title-like line ("Số hồ sơ ... theo đơn vị"); a "(Kèm theo ...)" note is passed over."""
    candidates = [p for p in reversed(previous) if p and not p.startswith("(")]
    for text in candidates:
        if is_caption(text):
            return text
    for text in candidates[:1]:
        if (
            len(text) <= 200
            and not text.rstrip().endswith((".", ";", ","))
            and not text.startswith(("-", "+"))
        ):
            return text
    return ""


# ---------------------------------------------------------------- tables in plain text


def _pipe_cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if not stripped.startswith("|") or stripped.count("|") < 3:
        return None
    inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
    return [cell.strip() for cell in inner.split("|")]


_RULE = re.compile(r"^:?-{3,}:?$")


def pipe_table(lines: list[str]) -> list[list[str]] | None:
    """Rows of a Markdown pipe table (the |---| rule dropped), or None when these are not one."""
    rows = [_pipe_cells(line) for line in lines]
    if len(rows) < 2 or any(r is None for r in rows):
        return None
    return [r for r in rows if r and not all(_RULE.match(c) for c in r if c)]  # type: ignore[misc]


def tab_table(lines: list[str]) -> list[list[str]] | None:
    """Rows of tab-separated lines, when at least two rows have two tabs or more."""
    if len(lines) < 2 or sum(1 for line in lines if line.count("\t") >= 2) < 2:
        return None
    if any("\t" not in line for line in lines):
        return None
    return [line.split("\t") for line in lines]
