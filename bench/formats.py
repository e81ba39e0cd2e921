"""Reading and ingest time per report for each format, and OCR seconds per page.

    python -m bench.formats [--json PATH]

Each report of the new evaluation corpus (one per format: .docx with styles, .docx with bold headings,
text PDF, scanned PDF, .doc, .md, .txt) is read (`read_document`: conversion, OCR, layout) and then
ingested on its own into a fresh index with the real model. Reading is timed apart from the ingest so
that what a format costs shows beside what embedding costs. OCR pages are read with no cache.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.loaders import read_bytes, read_document

log = logging.getLogger("baocao.bench")
ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "eval" / "corpora" / "new" / "reports"
DEFAULT_JSON = ROOT / "bench" / "results" / "formats.json"


def read_time(path: Path) -> dict[str, Any]:
    data = read_bytes(path)
    started = time.perf_counter()
    document = read_document(path, data)
    seconds = time.perf_counter() - started
    ocr_pages = [p for p in document.pages if p.ocr]
    return {
        "file": path.name,
        "format": path.suffix.lstrip(".") + (" (scan)" if ocr_pages else ""),
        "pages": len(document.pages) or None,
        "ocr_pages": len(ocr_pages),
        "read_s": seconds,
        "ocr_s_per_page": seconds / len(ocr_pages) if ocr_pages else None,
        "ocr_confidence": (sum(p.confidence or 0 for p in ocr_pages) / len(ocr_pages) if ocr_pages else None),
        "lines": len(document.lines),
        "table_rows": sum(1 for line in document.lines if line.table),
    }


def ingest_time(path: Path, embedder: Any, name: str, max_chars: int, work: Path) -> dict[str, Any]:
    from index.ingest import Ingestor
    from index.manifest import IndexPaths
    from index.store import ChunkStore

    paths = IndexPaths(work / path.name)
    ingestor = Ingestor(paths, ChunkStore.persistent(paths.chroma_dir), embedder, name, max_chars)
    started = time.perf_counter()
    result = ingestor.run([path])
    seconds = time.perf_counter() - started
    return {
        "ingest_s": seconds,
        "chunks": result.chunks_embedded,
        "failed": [f.reason for f in result.failed],
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        "| báo cáo | định dạng | trang | đọc (s) | OCR s/trang | độ tin cậy OCR | dòng bảng | đoạn "
        "| lập chỉ mục (s) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["reports"]:
        ocr = f"{r['ocr_s_per_page']:.1f}" if r["ocr_s_per_page"] else "–"
        conf = f"{r['ocr_confidence']:.1f}" if r["ocr_confidence"] else "–"
        lines.append(
            f"| {r['file']} | {r['format']} | {r['pages'] or '–'} | {r['read_s']:.2f} | {ocr} | {conf} | "
            f"{r['table_rows']} | {r['chunks']} | {r['ingest_s']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.formats", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from assistant.service import build_embedder
    from assistant.settings import Settings
    from index.errors import BaocaoError
    from index.manifest import write_atomic

    try:
        settings = Settings()
        embedder = build_embedder(settings)
        rows = []
        with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
            for path in sorted(REPORTS.iterdir()):
                row = read_time(path)
                row.update(
                    ingest_time(path, embedder, settings.embedding_model, settings.chunk_max_chars, Path(tmp))
                )
                rows.append(row)
                log.warning("%s: %.1f s", path.name, row["ingest_s"])
    except BaocaoError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    result = {
        "benchmark": "formats",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "reports": rows,
    }
    print(table(result))
    write_atomic(args.json, json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nĐã ghi {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
