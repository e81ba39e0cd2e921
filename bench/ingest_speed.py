"""Ingest throughput beside the bare model, and re-ingest of an unchanged corpus, in one run.

    python -m bench.ingest_speed [--reports N] [--json PATH]

A corpus of N generated monthly reports (`bench.corpus`) goes report by report: the bare model embeds the
report's chunk texts (the same embedder object and batches the ingest uses), then a fresh index ingests
the report. Then the whole corpus is ingested again, unchanged. The figure to watch is ingest chunks/s over
bare-model chunks/s (target ≥ 0.9): what parsing, chunking, storing and the manifest cost on top of the
model.
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

from bench.corpus import generate
from index.chunking import chunk_report, embedding_text
from index.loaders import extract_text, read_bytes
from index.parse import parse_report

log = logging.getLogger("baocao.bench")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "results" / "ingest_speed.json"
TARGET_RATIO = 0.9


def corpus_texts(paths: Sequence[Path], max_chars: int) -> list[str]:
    """What the model sees for every chunk of the corpus, as the ingest builds it."""
    texts: list[str] = []
    for path in paths:
        report = parse_report(path.name, extract_text(path, read_bytes(path)), "")
        texts.extend(embedding_text(c) for c in chunk_report(report, max_chars))
    return texts


def clause_texts(paths: Sequence[Path], max_chars: int) -> list[str]:
    """The clauses the ingest embeds besides the chunks (`index.clause_vectors`), each text once a report."""
    from index.clause_vectors import clause_offsets

    texts: list[str] = []
    for path in paths:
        report = parse_report(path.name, extract_text(path, read_bytes(path)), "")
        texts.extend(dict.fromkeys(t for _, _, t in clause_offsets(chunk_report(report, max_chars))))
    return texts


def measure(embedder: Any, embedder_name: str, paths: Sequence[Path], work_dir: Path, max_chars: int) -> dict:
    """Bare-model and ingest throughput, and unchanged re-ingest time, on the same embedder."""
    from index.ingest import Ingestor, IngestResult
    from index.manifest import IndexPaths
    from index.store import ChunkStore

    index = IndexPaths(work_dir / "index")
    ingestor = Ingestor(index, ChunkStore.persistent(index.chroma_dir), embedder, embedder_name, max_chars)
    embedder.embed_documents(corpus_texts(paths[:1], max_chars)[:8])  # warm-up: neither pass pays for it
    # Report by report, the bare model then the ingest: the ingest embeds one report per call, so the bare
    # model gets the same batches, and a machine slowing down mid-run slows both alike.
    bare_s = ingest_s = chunks_only_s = 0.0
    texts: list[str] = []
    first = IngestResult()
    for path in paths:
        own = corpus_texts([path], max_chars)
        texts.extend(own)
        started = time.perf_counter()
        embedder.embed_documents(own)
        chunks_only_s += time.perf_counter() - started
        embedder.embed_documents(clause_texts([path], max_chars))  # the clause vectors the ingest makes
        bare_s += time.perf_counter() - started
        started = time.perf_counter()
        done = ingestor.run([path])
        ingest_s += time.perf_counter() - started
        first.added.extend(done.added)
        first.failed.extend(done.failed)
        first.chunks_embedded += done.chunks_embedded
        first.chunks_reused += done.chunks_reused
    started = time.perf_counter()
    again = ingestor.run(list(paths))
    reingest_s = time.perf_counter() - started

    chunks = first.chunks_embedded + first.chunks_reused
    bare_cps = len(texts) / bare_s if bare_s > 0 else 0.0
    ingest_cps = chunks / ingest_s if ingest_s > 0 else 0.0
    return {
        "reports": len(paths),
        "chunks": chunks,
        "failed": [f.file for f in first.failed],
        "bare_model_s": bare_s,
        "bare_model_chunks_per_s": bare_cps,
        "ingest_s": ingest_s,
        "ingest_chunks_per_s": ingest_cps,
        "ingest_over_bare": ingest_cps / bare_cps if bare_cps else None,
        # What the ingest costs per chunk against embedding the chunks alone (clauses included): the
        # answers issue allows 2x.
        "ingest_over_chunks_only": ingest_s / chunks_only_s if chunks_only_s > 0 else None,
        "reingest_unchanged_s": reingest_s,
        "reingest_unchanged_reports": len(again.unchanged),
        "target_ratio": TARGET_RATIO,
    }


def table(result: dict) -> str:
    rows = [
        ("báo cáo / đoạn", f"{result['reports']} / {result['chunks']}"),
        ("chỉ mô hình (đoạn/giây)", f"{result['bare_model_chunks_per_s']:.2f}"),
        ("lập chỉ mục (đoạn/giây)", f"{result['ingest_chunks_per_s']:.2f}"),
        ("lập chỉ mục / chỉ mô hình", f"{result['ingest_over_bare']:.3f} (mục tiêu ≥ {TARGET_RATIO})"),
        (
            "thời gian lập chỉ mục / chỉ nhúng các đoạn",
            f"{result['ingest_over_chunks_only']:.2f} (mục tiêu ≤ 2)",
        ),
        ("lập lại khi không đổi (giây)", f"{result['reingest_unchanged_s']:.2f}"),
    ]
    return "\n".join(["| | |", "|---|---:|", *(f"| {k} | {v} |" for k, v in rows)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5, help="generated reports to ingest (default 5)")
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
        with tempfile.TemporaryDirectory(prefix="baocao-bench-") as tmp:
            paths = generate(args.reports, Path(tmp) / "reports")
            result = measure(embedder, settings.embedding_model, paths, Path(tmp), settings.chunk_max_chars)
    except BaocaoError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    result = {"benchmark": "ingest_speed", "when": datetime.now(UTC).isoformat(timespec="seconds"), **result}
    print(table(result))
    write_atomic(args.json, json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nĐã ghi {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
