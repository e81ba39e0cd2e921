"""Answer sheets for voters' meetings (cử tri): a list of questions in, a .docx and Markdown sheet out.

Each question is answered through `Assistant.ask`, as a user asking it alone would be. The sheet gives
for each: the answer, the figures it states, the sources (report, period, section, quote) and the
period the figures are of ("số liệu tính đến"). Questions the reports cannot answer are listed first,
for someone to follow up by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from assistant.templates import PROMPTS_DIR, load_prompt_file
from assistant.types import Answer
from index.errors import BaocaoError, QuestionsFileError
from index.figures import quantities
from index.lexical import STOPWORDS
from index.periods import parse_periods
from index.text import fold_diacritics

if TYPE_CHECKING:
    from assistant.service import Assistant

QUESTION_SUFFIXES = (".txt", ".docx", ".xlsx")
# "1.", "2)", "Câu 3:"; not "10/2023 có bao nhiêu ..." (a date opens that question).
_NUMBERING = re.compile(r"^\s*(?:câu\s*)?\d{1,3}\s*[.)/:-](?!\d)\s*", re.IGNORECASE)
# The words naming what a figure counts, as written: "1.286 trạm thu", "15 triệu đồng", "57,96%".
_UNIT_AFTER = re.compile(r"\s?%|(?:\s+[^\W\d_]+){0,3}")
_HEADER_WORDS = ("câu hỏi", "cau hoi", "question", "nội dung", "noi dung")


class SheetTemplates(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    title: str
    made: str
    follow_up_header: str
    follow_up_intro: str
    all_answered: str
    question: str
    understood_as: str
    answer: str
    figures: str
    no_figures: str
    data_as_of: str
    sources: str
    source: str
    not_answered: str


@lru_cache(maxsize=4)
def load_sheet_templates(path: Path = PROMPTS_DIR / "sheet.vi.toml") -> SheetTemplates:
    return load_prompt_file(path, SheetTemplates, "mẫu phiếu trả lời")


# ---------------------------------------------------------------- questions in


def clean_questions(lines: Iterable[str]) -> list[str]:
    """One question per non-empty line, numbering ("1.", "Câu 2:") and a header row left out."""
    questions = []
    for line in lines:
        text = " ".join(_NUMBERING.sub("", str(line)).split())
        # A line with no letters ("1", "STT" numbers of a table) is no question.
        if text and not text.startswith("#") and any(c.isalpha() for c in text):
            questions.append(text)
    if questions and _is_header(questions[0]):
        questions = questions[1:]
    return questions


def _is_header(text: str) -> bool:
    """A column or list heading: "Câu hỏi", "Nội dung câu hỏi", "Questions"."""
    text = text.lower().rstrip(":").strip()
    return any(word in text for word in _HEADER_WORDS) and len(text) <= 40


def read_questions(path: Path, column: str | None = None) -> list[str]:
    """The questions of a .txt (one per line), a .docx (one per paragraph) or an .xlsx (one column:
    `column` by header or letter, else the one headed "Câu hỏi", else the first)."""
    suffix = path.suffix.lower()
    if suffix not in QUESTION_SUFFIXES:
        raise QuestionsFileError(
            f"{path.name}: không đọc được danh sách câu hỏi từ tệp {suffix or 'không đuôi'}; "
            "dùng .txt (mỗi dòng một câu), .docx hoặc .xlsx."
        )
    if not path.is_file():
        raise QuestionsFileError(f"{path}: không có tệp này.")
    try:
        if suffix == ".txt":
            raw = path.read_bytes()
            text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8-sig")
            questions = clean_questions(text.splitlines())
        elif suffix == ".docx":
            import docx  # lazy

            document = docx.Document(str(path))
            cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
            questions = clean_questions([p.text for p in document.paragraphs] + cells)
        else:
            questions = clean_questions(_xlsx_column(path, column))
    except QuestionsFileError:
        raise
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise QuestionsFileError(f"{path.name}: không đọc được ({exc}); kiểm tra tệp rồi thử lại.") from exc
    except Exception as exc:  # a damaged .docx/.xlsx raises the zip or XML library's own errors
        raise QuestionsFileError(
            f"{path.name}: tệp hỏng hoặc không đúng định dạng {suffix} ({exc})."
        ) from exc
    if not questions:
        raise QuestionsFileError(f"{path.name}: không có câu hỏi nào; mỗi dòng (hoặc mỗi ô) một câu hỏi.")
    return questions


def _xlsx_column(path: Path, column: str | None) -> list[str]:
    import openpyxl  # lazy

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = [[("" if v is None else str(v)) for v in row] for row in book.active.iter_rows(values_only=True)]
    book.close()
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    if column is None:
        index = next((i for i, h in enumerate(header) if _is_header(h)), 0)
    elif column.strip().lower() in header:
        index = header.index(column.strip().lower())
    elif re.fullmatch(r"[A-Za-z]", column.strip()):
        index = ord(column.strip().upper()) - ord("A")
    else:
        raise QuestionsFileError(
            f"{path.name}: không có cột “{column}”; các cột: {', '.join(h for h in rows[0] if h)}."
        )
    named = any(_is_header(h) for h in header) or (column is not None and column.strip().lower() in header)
    return [row[index] for row in rows[1 if named else 0 :] if index < len(row)]


# ---------------------------------------------------------------- the sheet


@dataclass(frozen=True)
class SheetEntry:
    question: str
    answer: Answer | None  # None when asking failed; `error` says why
    error: str = ""

    @property
    def answered(self) -> bool:
        return self.answer is not None and not self.answer.abstained

    @property
    def figures(self) -> tuple[str, ...]:
        """The figures the answer states, as written in its quotes ("1.286 trạm")."""
        if not self.answered:
            return ()
        found: list[str] = []
        for citation in self.answer.citations:
            for q in quantities(citation.quote):
                words = _UNIT_AFTER.match(citation.quote, q.end).group(0).split()
                while words and fold_diacritics(words[-1]).lower() in STOPWORDS:
                    words.pop()  # "1.637 bể cáp và" -> "1.637 bể cáp"
                written = f"{q.written} {' '.join(words)}".strip().replace(" %", "%")
                if q.written in self.answer.text and written not in found:
                    found.append(written)
        return tuple(found)

    @property
    def data_as_of(self) -> str:
        """The latest period the cited figures are of."""
        if not self.answered:
            return ""
        periods = [(parse_periods(c.period) or [None])[0] for c in self.answer.citations]
        dated = [(p.end, c.period) for p, c in zip(periods, self.answer.citations, strict=True) if p]
        return max(dated)[1] if dated else self.answer.citations[0].period


@dataclass(frozen=True)
class Sheet:
    entries: tuple[SheetEntry, ...]
    made: date
    report_count: int
    periods: tuple[str, ...]

    @property
    def unanswered(self) -> tuple[SheetEntry, ...]:
        return tuple(e for e in self.entries if not e.answered)


def build_sheet(
    assistant: Assistant,
    questions: list[str],
    on_progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> Sheet:
    """Each question answered on its own (no conversation between them)."""
    entries = []
    for i, question in enumerate(questions, 1):
        try:
            entries.append(SheetEntry(question, assistant.ask(question)))
        except BaocaoError as exc:
            entries.append(SheetEntry(question, None, str(exc)))
        if on_progress:
            on_progress(i, len(questions))
    return Sheet(
        tuple(entries),
        today or date.today(),
        len(assistant.reports),
        tuple(r.period_label for r in assistant.reports),
    )


def _reason(entry: SheetEntry) -> str:
    if entry.answer is None:
        return entry.error
    return entry.answer.text.splitlines()[0]


def sheet_markdown(sheet: Sheet, t: SheetTemplates) -> str:
    lines = [f"# {t.title}", "", t.made.format(**_made(sheet)), "", f"## {t.follow_up_header}", ""]
    if sheet.unanswered:
        lines.append(t.follow_up_intro)
        lines += [f"- {t.question.format(n=n, question=e.question)}" for n, e in _unanswered(sheet)]
    else:
        lines.append(t.all_answered)
    for n, entry in enumerate(sheet.entries, 1):
        lines += ["", f"## {t.question.format(n=n, question=entry.question)}", ""]
        if not entry.answered:
            lines.append(t.not_answered.format(reason=_reason(entry)))
            continue
        answer = entry.answer
        if answer.rewritten_question != answer.question:
            lines += [f"*{t.understood_as.format(question=answer.rewritten_question)}*", ""]
        lines += [f"**{t.answer}:**", "", answer.text, ""]
        lines.append(f"**{t.figures}:** " + ("; ".join(entry.figures) or t.no_figures))
        lines += ["", f"**{t.data_as_of.format(period=entry.data_as_of)}**", "", f"**{t.sources}:**", ""]
        lines += [f"- {t.source.format(**c.to_json())}" for c in answer.citations]
    return "\n".join(lines) + "\n"


def write_docx(sheet: Sheet, path: Path, t: SheetTemplates) -> None:
    import docx  # lazy

    document = docx.Document()
    document.add_heading(t.title, level=0)
    document.add_paragraph(t.made.format(**_made(sheet)))
    document.add_heading(t.follow_up_header, level=1)
    if sheet.unanswered:
        document.add_paragraph(t.follow_up_intro)
        for n, entry in _unanswered(sheet):
            document.add_paragraph(t.question.format(n=n, question=entry.question), style="List Bullet")
    else:
        document.add_paragraph(t.all_answered)
    for n, entry in enumerate(sheet.entries, 1):
        document.add_heading(t.question.format(n=n, question=entry.question), level=1)
        if not entry.answered:
            document.add_paragraph(t.not_answered.format(reason=_reason(entry)))
            continue
        answer = entry.answer
        if answer.rewritten_question != answer.question:
            document.add_paragraph().add_run(
                t.understood_as.format(question=answer.rewritten_question)
            ).italic = True
        _labelled(document, t.answer, answer.text)
        _labelled(document, t.figures, "; ".join(entry.figures) or t.no_figures)
        document.add_paragraph().add_run(t.data_as_of.format(period=entry.data_as_of)).bold = True
        document.add_paragraph().add_run(f"{t.sources}:").bold = True
        for c in answer.citations:
            document.add_paragraph(t.source.format(**c.to_json()), style="List Bullet")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def _labelled(document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _made(sheet: Sheet) -> dict[str, str]:
    return {
        "date": sheet.made.strftime("%d/%m/%Y"),
        "reports": str(sheet.report_count),
        "periods": ", ".join(sheet.periods),
    }


def _unanswered(sheet: Sheet) -> list[tuple[int, SheetEntry]]:
    """The questions to follow up by hand, with their numbers on the sheet."""
    return [(n, e) for n, e in enumerate(sheet.entries, 1) if not e.answered]
