"""`python -m eval.build_corpus [NAME ...]`: render the new-report corpus from its sources.

Each `eval/corpora/new/sources/<file>.txt` becomes `eval/corpora/new/reports/<file>` in the format
its name ends with: .docx through python-docx (A4, Times New Roman, letterhead and signature as
borderless two-column tables, real tables with merged cells), .doc and text .pdf printed from that
.docx by LibreOffice, a scanned .pdf by rendering those pages to images (poppler's pdftoppm) with a
slight tilt, grain and a red seal, and .md / .txt written as offices type them.

The built files are committed, so the evaluation needs none of these tools; rebuilding needs
LibreOffice and poppler-utils (`apt-get install libreoffice-writer-nogui poppler-utils`).
"""

from __future__ import annotations

import argparse
import logging
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from eval.corpus_source import (
    MERGE_LEFT,
    MERGE_UP,
    Block,
    Heading,
    PageBreak,
    Paragraph,
    Source,
    Table,
    TwoColumns,
    read_source,
)

log = logging.getLogger(__name__)

CORPUS = Path(__file__).resolve().parent / "corpora" / "new"
SOURCES = CORPUS / "sources"
REPORTS = CORPUS / "reports"
FONT = "Times New Roman"
SCAN_DPI = 150  # a typical office scanner setting for text; keeps each page near 200 KB


# ---------------------------------------------------------------- Word


def _set_font(run_or_style, size: float | None = None, bold: bool | None = None, italic: bool | None = None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = FONT
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


def _page_field(paragraph) -> None:
    """A PAGE field: the page number Word and LibreOffice print."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(
    cell,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    center: bool = True,
    before: float = 0,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    _set_font(paragraph.add_run(text), size, bold, italic)


def _two_column_table(document, columns: TwoColumns, kind: str) -> None:
    """Letterhead: agency left, Quốc hiệu right, số and date below. Signature: Nơi nhận left, the
    signer right. Borderless, as offices lay them out."""
    from docx.shared import Mm

    table = document.add_table(rows=0, cols=2)
    table.autofit = False
    _no_borders(table)
    left_cell, right_cell = table.add_row().cells
    widths = (Mm(72), Mm(93)) if kind == "letterhead" else (Mm(85), Mm(80))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    left_cell.width, right_cell.width = widths
    signer = max((i for i, (_, right) in enumerate(columns.rows) if right), default=-1)
    for index, (left, right) in enumerate(columns.rows):
        if kind == "letterhead":
            if left:
                numbered = left.startswith("Số")
                _cell_text(left_cell, left, 12 if index < 2 else 13, bold=index == 1 and not numbered)
            if right:
                dated = right[:1].islower() or "ngày" in right
                _cell_text(right_cell, right, 13 if dated else 12, bold=not dated, italic=dated)
        else:
            if left:
                heading = left.rstrip().endswith(":")
                _cell_text(left_cell, left, 12 if heading else 11, bold=heading, italic=heading, center=False)
            if right:
                role = right.isupper() or right.startswith(("KT.", "TM.", "TL.", "Q."))
                quoted = right.startswith("(")
                # Room for the signature and the seal above the signer's name, as on paper.
                _cell_text(
                    right_cell,
                    right,
                    13,
                    bold=role or not quoted,
                    italic=quoted,
                    before=54 if index == signer else 0,
                )


def _heading(document, heading: Heading, styled: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if styled:
        paragraph = document.add_paragraph(style=f"Heading {heading.level}")
    else:
        paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    _set_font(paragraph.add_run(heading.text), 14, bold=True, italic=heading.level >= 4)


def _paragraph(document, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Mm(10)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.line_spacing = 1.15
    # A lead-in "- Về ...:" is written in italics up to its colon, as these reports do.
    match = re.match(r"^(- Về [^:]{1,80}:)(.*)$", text)
    if match:
        _set_font(paragraph.add_run(match.group(1)), 14, italic=True)
        _set_font(paragraph.add_run(match.group(2)), 14)
    else:
        _set_font(paragraph.add_run(text), 14)


def _table(document, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    if table.caption:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        _set_font(caption.add_run(table.caption), 13, bold=True)
    grid = document.add_table(rows=len(table.rows), cols=table.width)
    grid.style = "Table Grid"
    header_rows = _header_rows(table)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell in (MERGE_LEFT, MERGE_UP) or not cell:
                continue
            numeric = bool(re.fullmatch(r"[\d.,%/ ()+-]+", cell))
            _cell_text(grid.cell(r, c), cell, 12, bold=r < header_rows, center=r < header_rows or numeric)
    for first_r, first_c, last_r, last_c in table.merges():
        grid.cell(first_r, first_c).merge(grid.cell(last_r, last_c))
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _header_rows(table: Table) -> int:
    """Rows above the first that holds a number: the header, merged cells and all."""
    for r, row in enumerate(table.rows):
        if r and any(re.search(r"\d", cell) for cell in row[1:]):
            return r
    return 1


def _blocks(document, blocks: tuple[Block, ...], styled: bool) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _heading(document, block, styled)
        elif isinstance(block, Paragraph):
            _paragraph(document, block.text)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, PageBreak):
            document.add_page_break()


def write_docx(source: Source, path: Path, page_number_bottom: bool = False) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    _set_font(normal, 14)
    for level in range(1, 5):
        style = document.styles[f"Heading {level}"]
        _set_font(style, 14, bold=True)
        style.font.color.rgb = RGBColor(0, 0, 0)
    # Page numbers: top centre from page 2 (Nghị định 30/2020), bottom right in older reports.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    if source.meta.get("header"):
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(header.add_run(source.meta["header"]), 11, italic=True)
    numbered = section.footer.add_paragraph() if page_number_bottom else section.header.add_paragraph()
    numbered.alignment = WD_ALIGN_PARAGRAPH.RIGHT if page_number_bottom else WD_ALIGN_PARAGRAPH.CENTER
    _page_field(numbered)
    if source.meta.get("footer"):
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(footer.add_run(source.meta["footer"]), 11, italic=True)

    if source.letterhead:
        _two_column_table(document, source.letterhead, "letterhead")
    for index, line in enumerate(source.title):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(12 if index == 0 else 0)
        _set_font(paragraph.add_run(line), 14, bold=True)
    styled = source.meta.get("headings", "styles").strip() == "styles"
    _blocks(document, source.body, styled)
    if source.signature:
        _two_column_table(document, source.signature, "signature")
    if source.appendix:
        document.add_page_break()
        _blocks(document, source.appendix, styled)
    document.save(str(path))


# ---------------------------------------------------------------- LibreOffice and scans


def _soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("Cần LibreOffice: apt-get install libreoffice-writer-nogui")


def convert(docx_path: Path, target: str, out_dir: Path) -> Path:
    """`soffice --headless --convert-to` into out_dir; the converted file."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                _soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(out_dir),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    produced = out_dir / (docx_path.stem + "." + target.split(":")[0])
    if not produced.exists():
        raise SystemExit(f"LibreOffice không tạo được {produced.name}")
    return produced


def _signature_box(pdf: Path, signer: str) -> tuple[int, float, float] | None:
    """(page index, x, y) in points of the signer's name, read with poppler's pdftotext -bbox."""
    if not signer:
        return None
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    last = signer.split()[-1]
    page = -1
    found = None
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if match and match.group(3) == last:
            found = (page, float(match.group(1)), float(match.group(2)))
    return found


def _seal(draw, centre: tuple[int, int], radius: int) -> None:
    """A round red seal: two rings and a five-pointed star, drawn over the signature."""
    import math

    red = (200, 30, 35)
    x, y = centre
    for width, r in ((5, radius), (2, int(radius * 0.78))):
        draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=width)
    points = []
    for i in range(10):
        r = radius * (0.32 if i % 2 == 0 else 0.13)
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    draw.polygon(points, fill=red)


def scan(pdf: Path, out: Path, seed: str, seal_at: tuple[int, float, float] | None) -> None:
    """Pages rendered to images, as a scanner gives them: grey paper, a slight tilt, grain, JPEG."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-r", str(SCAN_DPI), "-png", str(pdf), f"{tmp}/page"],
            check=True,
            capture_output=True,
        )
        pages = []
        for index, png in enumerate(sorted(Path(tmp).glob("page-*.png"))):
            image = Image.open(png).convert("RGB")
            if seal_at and seal_at[0] == index:
                scale = SCAN_DPI / 72
                draw = ImageDraw.Draw(image)
                # Over the left half of the signature, between the role and the name.
                _seal(draw, (int((seal_at[1] - 5) * scale), int((seal_at[2] - 34) * scale)), int(36 * scale))
            image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=(250, 250, 247))
            grain = Image.effect_noise(image.size, 18).convert("RGB")
            image = Image.blend(image, grain, 0.06).filter(ImageFilter.GaussianBlur(0.4))
            jpeg = Path(tmp) / f"scan-{index:03d}.jpg"
            image.save(jpeg, quality=72)
            pages.append(Image.open(jpeg))
        pages[0].save(out, save_all=True, append_images=pages[1:], resolution=SCAN_DPI)


# ---------------------------------------------------------------- text formats


def _text_table(table: Table, separator: str) -> list[str]:
    """Rows with merged cells left blank, as a table pasted into text or converted to Markdown is."""
    rows = [["" if cell in (MERGE_LEFT, MERGE_UP) else cell for cell in row] for row in table.rows]
    if separator == "|":
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * table.width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return lines
    return [separator.join(row) for row in rows]


def _text_blocks(blocks: tuple[Block, ...], markdown: bool) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines.append(("#" * (block.level + 1) + " " if markdown else "") + block.text)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            if block.caption:
                lines.append(f"**{block.caption}**" if markdown else block.caption)
            lines.append("\n".join(_text_table(block, "|" if markdown else "\t")))
    return lines


def render_text(source: Source) -> str:
    """A .md or .txt report: letterhead lines, title, body, signature, appendix; one blank line apart."""
    markdown = source.suffix == ".md"
    lines: list[str] = []
    if source.letterhead:
        lines += source.letterhead.left() + source.letterhead.right()
    for index, line in enumerate(source.title):
        if markdown:
            line = f"# {line}" if index == 0 else f"**{line}**"
        lines.append(line)
    lines += _text_blocks(source.body, markdown)
    if source.signature:
        lines += source.signature.right() + source.signature.left()
    lines += _text_blocks(source.appendix, markdown)
    return "\n\n".join(lines) + "\n"


# ---------------------------------------------------------------- build


def build(source: Source, out_dir: Path) -> Path:
    target = out_dir / source.name
    suffix = source.suffix
    if suffix in (".md", ".txt"):
        target.write_text(render_text(source), encoding="utf-8")
        return target
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docx_path = work / (Path(source.name).stem + ".docx")
        write_docx(source, docx_path, page_number_bottom=source.flag("scan"))
        if suffix == ".docx":
            shutil.copyfile(docx_path, target)
        elif suffix == ".doc":
            shutil.copyfile(convert(docx_path, "doc:MS Word 97", work), target)
        elif suffix == ".pdf":
            pdf = convert(docx_path, "pdf", work)
            if source.flag("scan"):
                signer = source.signature.right()[-1] if source.signature else ""
                seal_at = _signature_box(pdf, signer) if source.flag("seal") else None
                scan(pdf, target, source.name, seal_at)
            else:
                shutil.copyfile(pdf, target)
        else:
            raise SystemExit(f"{source.name}: không biết dựng định dạng {suffix}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.build_corpus", description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="report file names to build (default: all sources)")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    sources = sorted(SOURCES.glob("*.txt"))
    if args.names:
        sources = [s for s in sources if s.name[: -len(".txt")] in args.names]
    for path in sources:
        built = build(read_source(path), args.out)
        log.info("%s (%d KB)", built.name, built.stat().st_size // 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
