"""Embedding-model variants judged by the evaluation set: the sequence-length limit, int8 weights.

    python -m bench.embedder_variants [--variants 512,256,512-int8] [--json PATH]

Each variant (`LIMIT` tokens, `LIMIT-int8` for dynamic int8 quantisation of the Linear layers) loads the
model afresh, indexes the bundled reports into a temporary folder (timed: passages per second), times the
query embedding on evaluation questions, then runs the evaluation set through the same entry point as
`baocao eval`. The first variant is the reference: for every other one the table counts the questions
whose verdict (correct or not) differs from it, and whose answer text differs at all. A variant may become
an option only if it gives the same answers. The token lengths of the bundled passages (document prompt
included) show which limits cut passages at all: the model pads each batch to its longest text, so a limit
above the longest passage costs the same as none.

Not in `make bench` (about 5 minutes per variant on 2 cores): `make bench-variants`.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.retrieval_latency import latency_stats, load_questions

log = logging.getLogger("baocao.bench")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "results" / "embedder_variants.json"
REPORTS = ROOT / "data" / "reports"
DEFAULT_VARIANTS = "512,256,512-int8"
QUERY_SAMPLES = 40
_VARIANT = re.compile(r"(\d+)(-int8)?")


@dataclass(frozen=True)
class Variant:
    max_seq_length: int
    int8: bool = False

    @property
    def label(self) -> str:
        return f"{self.max_seq_length}{'-int8' if self.int8 else ''}"


def parse_variants(text: str) -> list[Variant]:
    """ "512,256,512-int8" → the variants, in order (the first is the reference)."""
    variants: list[Variant] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        match = _VARIANT.fullmatch(part)
        if match is None or not 32 <= int(match.group(1)) <= 8192:
            raise ValueError(
                f"biến thể {part!r}: viết GIỚI_HẠN hoặc GIỚI_HẠN-int8, giới hạn 32–8192 (vd. 512-int8)"
            )
        variants.append(Variant(int(match.group(1)), bool(match.group(2))))
    if not variants:
        raise ValueError("--variants trống: cần ít nhất một biến thể, vd. 512,256")
    return variants


def length_profile(lengths: Sequence[int], limits: Sequence[int]) -> dict[str, Any]:
    """Percentiles of passage token lengths, and how many passages each limit would cut."""
    ordered = sorted(lengths)
    if not ordered:
        return {"passages": 0}

    def at(p: float) -> int:
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    return {
        "passages": len(ordered),
        "p50": at(50),
        "p99": at(99),
        "max": ordered[-1],
        "cut_by": {str(limit): sum(n > limit for n in ordered) for limit in sorted(set(limits))},
    }


def differences(reference: Sequence[dict[str, Any]], other: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Questions whose verdict changed (id lists, both ways) and how many answer texts differ at all."""
    mine = {row["id"]: row for row in other}
    lost = [r["id"] for r in reference if r["correct"] and not mine[r["id"]]["correct"]]
    gained = [r["id"] for r in reference if not r["correct"] and mine[r["id"]]["correct"]]
    texts = sum(r["answer"] != mine[r["id"]]["answer"] for r in reference)
    return {"lost": lost, "gained": gained, "answer_text_changed": texts}


def token_lengths(embedder: Any, texts: Sequence[str]) -> list[int]:
    model = embedder.model
    prompt = model.prompts.get("document", "") if getattr(model, "prompts", None) else ""
    encoded = model.tokenizer([prompt + t for t in texts], add_special_tokens=True, truncation=False)
    return [len(ids) for ids in encoded["input_ids"]]


def load_variant(settings: Any, variant: Variant) -> Any:
    """The model with the variant's limit, its Linear layers quantised to int8 if asked."""
    from assistant.service import build_embedder

    embedder = build_embedder(settings.model_copy(update={"max_seq_length": variant.max_seq_length}))
    if variant.int8:
        import torch

        with warnings.catch_warnings():  # torch announces the move of this API to torchao
            warnings.simplefilter("ignore")
            torch.ao.quantization.quantize_dynamic(
                embedder.model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True
            )
    return embedder


def measure_variant(
    settings: Any, variant: Variant, embedder: Any, work: Path, questions: Sequence[str]
) -> dict[str, Any]:
    """Index the bundled reports with `embedder`, time it and its query embedding, run the evaluation."""
    from assistant.service import Assistant, build_ingestor
    from eval.corpora import BUNDLED
    from eval.dataset import load_eval_set
    from eval.metrics import score_item, summarise
    from eval.runner import ask_all

    # Its own embedded index: never the configured one, nor a Chroma server.
    chosen = settings.model_copy(
        update={
            "data_dir": work / variant.label,
            "max_seq_length": variant.max_seq_length,
            "chroma_url": None,
        }
    )
    started = time.perf_counter()
    ingested = build_ingestor(chosen, embedder).run(bundled_reports())
    ingest_s = time.perf_counter() - started
    passages = ingested.chunks_embedded + ingested.chunks_reused
    for question in questions[:5]:  # warm-up
        embedder.embed_query(question)
    samples = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_query(question)
        samples.append(time.perf_counter() - started)
    items = load_eval_set(BUNDLED.dataset)
    outputs = ask_all(Assistant.from_settings(chosen, embedder=embedder), items)
    by_id = {row["id"]: row for row in outputs}
    summary = summarise(items, outputs, [0.0] * len(items))
    return {
        "variant": variant.label,
        "max_seq_length": variant.max_seq_length,
        "int8": variant.int8,
        "passages": passages,
        "failed": [f.file for f in ingested.failed],
        "ingest_s": ingest_s,
        "passages_per_s": passages / ingest_s if ingest_s > 0 else None,
        "query_embedding": latency_stats(samples),
        "correct": summary["correct"],
        "citation_correctness": summary["citation_correctness"],
        "section_recall@5": summary["section_recall@5"],
        "abstention_precision": summary["abstention_precision"],
        "rows": [
            {"id": i.id, "correct": score_item(i, by_id[i.id])["correct"], "answer": by_id[i.id]["answer"]}
            for i in items
        ],
    }


def bundled_reports() -> list[Path]:
    return sorted(p for p in REPORTS.iterdir() if p.is_file())


def passage_texts(max_chars: int) -> list[str]:
    """What the model reads for every passage of the bundled reports, as the ingest builds it."""
    from bench.ingest_speed import corpus_texts

    return corpus_texts(bundled_reports(), max_chars)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def table(result: dict[str, Any]) -> str:
    lines = [
        "| biến thể | đoạn/giây khi lập chỉ mục | nhúng câu hỏi p50 (ms) | đúng | trích dẫn đúng | "
        "câu đổi kết quả (mất / được) | câu trả lời khác chữ |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for entry in result["variants"]:
        diff = entry.get("against_reference")
        changed = "tham chiếu" if diff is None else f"{len(diff['lost'])} / {len(diff['gained'])}"
        texts = "–" if diff is None else str(diff["answer_text_changed"])
        lines.append(
            f"| {entry['variant']} | {entry['passages_per_s']:.2f} | "
            f"{entry['query_embedding']['p50_ms']:.1f} | "
            f"{_pct(entry['correct'])} | {_pct(entry['citation_correctness'])} | {changed} | {texts} |"
        )
    lengths = result["token_lengths"]
    cut = ", ".join(f"{limit}: {n}" for limit, n in lengths["cut_by"].items())
    lines.append(
        f"\nĐộ dài đoạn (token, gồm lời nhắc tài liệu): p50 {lengths['p50']}, p99 {lengths['p99']}, "
        f"dài nhất {lengths['max']}; số đoạn bị cắt theo giới hạn: {cut} (trên {lengths['passages']} đoạn)."
    )
    return "\n".join(lines)


def run_variants(
    variants: Sequence[Variant], work: Path, question_count: int = QUERY_SAMPLES
) -> dict[str, Any]:
    from assistant.settings import Settings

    settings = Settings()
    questions = load_questions(limit=question_count)
    measured: list[dict[str, Any]] = []
    lengths: list[int] = []
    for variant in variants:
        log.info("biến thể %s", variant.label)
        embedder = load_variant(settings, variant)
        if not lengths:  # quantisation leaves the tokenizer as it is
            lengths = token_lengths(embedder, passage_texts(settings.chunk_max_chars))
        entry = measure_variant(settings, variant, embedder, work, questions)
        if measured:
            entry["against_reference"] = differences(measured[0]["rows"], entry["rows"])
        measured.append(entry)
        del embedder
        gc.collect()  # one model in memory at a time
    return {
        "variants": measured,
        "token_lengths": length_profile(lengths, [v.max_seq_length for v in variants]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.embedder_variants", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--variants", default=DEFAULT_VARIANTS, help=f"comma-separated (default {DEFAULT_VARIANTS})"
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    from index.errors import BaocaoError
    from index.manifest import write_atomic

    try:
        variants = parse_variants(args.variants)
        with tempfile.TemporaryDirectory(prefix="baocao-variants-") as tmp:
            result = run_variants(variants, Path(tmp))
    except (ValueError, BaocaoError) as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    result = {
        "benchmark": "embedder_variants",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        **result,
    }
    print(table(result))
    write_atomic(args.json, json.dumps(result, ensure_ascii=False, indent=1))
    print(f"\nĐã ghi {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
