"""Speed and scale: ingest, re-ingest, warm latency, cold start, peak memory and index size of generated
report sets of 5, 50 and 500 reports, in one run.

    python -m bench.scale [--sizes 5,50,500] [--questions 40] [--json PATH]

Embedding 500 reports (about 26 000 passages) takes hours on 2 cores. So the model embeds the first 5
generated reports' passages twice, bare and through a real ingest: that is the ingest ratio
(`bench.ingest_speed`). Every generated report copies a bundled report with its month and figures
changed, so its passages are those passages with other numbers. The larger sets reuse those vectors
(`ReusedVectors`: the text with its numbers masked is the key) and store as many vectors of the same
model as a real ingest would. Everything but the model's time is measured for real: parsing, chunking,
words, figures, Chroma writes, start-up and search. A passage not met among the first 5 reports is
embedded by the model, and counted.

Each set is measured in fresh processes, so that memory is one process's peak:
- ingest (`python -m bench.scale ingest`): the set into an empty index, again unchanged, again with one
  report changed (a sentence added: its last passage is embedded by the model);
- warm latency (`python -m bench.scale query`): bare query embedding, retrieval and full answer, for
  evaluation questions moved to months the set holds;
- start-up: the assistant's first start after an ingest (it builds the search state and saves it) and a
  later one (it reads it back); `baocao ask` from process start to its answer, both ways, and
  `baocao --help`;
- size: the index folder on disk.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from bench import ingest_speed, retrieval_latency
from bench.corpus import FIRST_YEAR, MONTHS_PER_YEAR, generate

log = logging.getLogger("baocao.bench")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "results" / "scale.json"
SIZES = (5, 50, 500)
EMBEDDED_REPORTS = 5  # the reports the model embeds for real (bare and through the ingest)
TARGETS = {
    "ingest_over_bare_min": ingest_speed.TARGET_RATIO,
    "reingest_unchanged_50_max_s": 2.0,
    "answer_p50_over_embedding_p50_max": retrieval_latency.TARGET_RATIO,
    "answer_p95_500_over_5_max": 2.0,
    "peak_memory_500_max_mb": 3 * 1024,
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_MONTH_BEFORE_YEAR = re.compile(
    r"(?<!\d)(1[0-2]|0?[1-9])(\s*/\s*|\s+năm\s+|\s+nam\s+)(?=(?:19|20)\d{2}(?!\d))"
)
_FIRST_HEADING = re.compile(r"^\s*1\.\s+\S[^\n]*\n", re.MULTILINE)
ADDED_SENTENCE = (
    "\n\nGhi chú: số liệu của báo cáo này được rà soát, cập nhật lại theo đề nghị của các đơn vị."
)


def masked(text: str) -> str:
    """The text with every number as "#": a generated passage and its template share this key."""
    return _NUMBER.sub("#", text)


class ReusedVectors(Embeddings):
    """Passages take the vector of the same passage with other numbers; the model embeds the rest."""

    def __init__(self, model: Embeddings, vectors: dict[str, list[float]]) -> None:
        self.model = model
        self.vectors = vectors
        self.reused = 0
        self.embedded = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [masked(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self.vectors))
        if missing:
            computed = self.model.embed_documents(missing)
            self.vectors.update(zip((masked(t) for t in missing), computed, strict=True))
        self.embedded += len(missing)
        self.reused += len(texts) - len(missing)
        return [self.vectors[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)


def month_of(k: int) -> tuple[int, int]:
    """(month, year) of generated report k (see `bench.corpus.generate`)."""
    return 1 + k % MONTHS_PER_YEAR, FIRST_YEAR + k // MONTHS_PER_YEAR


def moved_questions(questions: Sequence[str], reports: int, count: int, seed: int = 0) -> list[str]:
    """`count` questions spread over `questions`, each moved to the month of a report of the set
    ("tháng 10/2023" -> "tháng 3/2019"), so that what is searched exists as often as in real use."""
    rng = random.Random(seed)
    step = max(1, len(questions) // count)
    moved = []
    for question in list(questions)[::step][:count]:
        month, year = month_of(rng.randrange(reports))
        text = _MONTH_BEFORE_YEAR.sub(lambda m, month=month: f"{month}{m.group(2)}", question)
        moved.append(_YEAR.sub(str(year), text))
    return moved


def with_added_sentence(text: str) -> str:
    """The report with a sentence added under its first numbered heading ("1. ..."), where every report
    is indexed (text after the signature is not); at the end when it has no such heading."""
    heading = _FIRST_HEADING.search(text)
    if heading is None:
        return text + ADDED_SENTENCE
    return text[: heading.end()] + ADDED_SENTENCE.strip() + "\n" + text[heading.end() :]


def peak_memory_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec,
    so a child started by the driver (which holds the model) would report the driver's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


# ------------------------------------------------------------------ children (one process per step)


def _model(settings: Any, hashing: bool) -> tuple[Embeddings, str]:
    if hashing:
        from index.embedder import HashingEmbedder

        return HashingEmbedder(768), "hashing-768"
    from assistant.service import build_embedder

    return build_embedder(settings), settings.embedding_model


def child_ingest(data: Path, paths: list[Path], vectors_file: Path, hashing: bool) -> dict[str, Any]:
    """The set into an empty index, again unchanged, again with one report changed."""
    from assistant.service import build_ingestor
    from assistant.settings import Settings

    settings = Settings(data_dir=data, chroma_url=None)
    model, name = _model(settings, hashing)
    embedder = ReusedVectors(model, json.loads(vectors_file.read_text(encoding="utf-8")))
    ingestor = build_ingestor(settings.model_copy(update={"embedding_model": name}), embedder)
    started = time.perf_counter()
    first = ingestor.run(paths)
    ingest_s = time.perf_counter() - started
    embedded_first = embedder.embedded
    started = time.perf_counter()
    again = ingestor.run(paths)
    unchanged_s = time.perf_counter() - started
    changed = data.parent / f"changed-{data.name}" / paths[-1].name
    changed.parent.mkdir(parents=True, exist_ok=True)
    changed.write_text(with_added_sentence(paths[-1].read_text(encoding="utf-8")), encoding="utf-8")
    started = time.perf_counter()
    after_change = ingestor.run([*paths[:-1], changed])
    changed_s = time.perf_counter() - started
    chunks = first.chunks_embedded + first.chunks_reused
    return {
        "reports": len(first.added),
        "failed": [f.file for f in first.failed],
        "chunks": chunks,
        "ingest_s": ingest_s,
        "ingest_chunks_per_s": chunks / ingest_s if ingest_s > 0 else None,
        "model_embedded_chunks": embedded_first,
        "reused_vectors": embedder.reused,
        "reingest_unchanged_s": unchanged_s,
        "reingest_unchanged_reports": len(again.unchanged),
        "reingest_changed_s": changed_s,
        "reingest_changed_reports": len(after_change.updated),
        "reingest_changed_chunks_embedded": after_change.chunks_embedded,
        "peak_memory_mb": peak_memory_mb(),
    }


def child_query(data: Path, questions: list[str], hashing: bool) -> dict[str, Any]:
    """Start-up of the assistant, then warm latency of the three paths (`bench.retrieval_latency`)."""
    from assistant.service import Assistant
    from assistant.settings import Settings
    from index.manifest import IndexPaths

    settings = Settings(data_dir=data, chroma_url=None)
    started = time.perf_counter()
    model, name = _model(settings, hashing)
    model_s = time.perf_counter() - started
    settings = settings.model_copy(update={"embedding_model": name})
    # The first start after an ingest builds the search state and saves it; later starts read it.
    IndexPaths(data).search_state.unlink(missing_ok=True)
    started = time.perf_counter()
    Assistant.from_settings(settings, model)
    first_s = time.perf_counter() - started
    gc.collect()
    started = time.perf_counter()
    assistant = Assistant.from_settings(settings, model)
    ready_s = time.perf_counter() - started
    result = retrieval_latency.measure(assistant, questions, repeats=1, warmup=5)
    return {
        "model_load_s": model_s,
        "assistant_first_ready_s": first_s,
        "assistant_ready_s": ready_s,
        "stats": result["stats"],
        "answer_p50_over_embedding_p50": result["ratios"]["answer_p50_over_embedding_p50"],
        "retrieval_p50_over_embedding_p50": result["ratios"]["retrieval_p50_over_embedding_p50"],
        "peak_memory_mb": peak_memory_mb(),
    }


def _run_child(args: list[str], out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args, "--out", str(out)], cwd=ROOT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.scale {args[0]} exited {done.returncode}")
    return json.loads(out.read_text(encoding="utf-8"))


def cold_start(data: Path, question: str) -> dict[str, Any]:
    """`baocao ask` from process start to its answer: the first after an ingest (it builds the search state)
    and the next (it reads it); and `baocao --help` (imports alone)."""
    from index.manifest import IndexPaths

    env = {**os.environ, "BAOCAO_DATA_DIR": str(data)}
    env.pop("BAOCAO_CHROMA_URL", None)
    IndexPaths(data).search_state.unlink(missing_ok=True)
    timings: dict[str, Any] = {}
    ask = ["ask", question]
    for label, command in (("help_s", ["--help"]), ("ask_first_s", ask), ("ask_s", ask)):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "ui", *command], cwd=ROOT, env=env, capture_output=True, check=False
        )
        timings[label] = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"baocao {command[0]} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return timings


# ------------------------------------------------------------------ the run


def seed_vectors(
    paths: Sequence[Path], work: Path, hashing: bool
) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """The ingest ratio on the first reports (model bare, then a real ingest), and their vectors."""
    from assistant.settings import Settings
    from index import clause_vectors
    from index.chunking import embedding_text
    from index.manifest import IndexPaths
    from index.store import ChunkStore

    settings = Settings()
    model, name = _model(settings, hashing)
    ratio = ingest_speed.measure(model, name, paths, work, settings.chunk_max_chars)
    index = IndexPaths(work / "index")
    store = ChunkStore.persistent(index.chroma_dir)
    chunks = store.all_chunks()
    stored = store.embeddings_for([c.id for c in chunks])
    vectors = {masked(embedding_text(c)): stored[c.id] for c in chunks}
    for path in paths:  # the clauses' vectors too (`index.clause_vectors`)
        clauses = clause_vectors.load(index.report_clauses(path.name))
        if clauses is not None:
            vectors.update(
                {masked(t): v.tolist() for t, v in zip(clauses.texts, clauses.vectors, strict=True)}
            )
    return ratio, vectors


def run(sizes: Sequence[int], question_count: int, work: Path, hashing: bool = False) -> dict[str, Any]:
    paths = generate(max(sizes), work / "reports")
    log.info(
        "%d reports generated; the model embeds the first %d", len(paths), min(len(paths), EMBEDDED_REPORTS)
    )
    ratio, vectors = seed_vectors(paths[:EMBEDDED_REPORTS], work / "seed", hashing)
    vectors_file = work / "vectors.json"
    vectors_file.write_text(json.dumps(vectors), encoding="utf-8")
    all_questions = retrieval_latency.load_questions()
    flag = ["--hashing"] if hashing else []
    by_size: dict[str, Any] = {}
    for size in sizes:
        data = work / f"index-{size}"
        listing = work / f"reports-{size}.json"
        listing.write_text(json.dumps([str(p) for p in paths[:size]]), encoding="utf-8")
        questions = moved_questions(all_questions, size, question_count)
        questions_file = work / f"questions-{size}.json"
        questions_file.write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
        log.info("%d reports: ingest", size)
        ingest = _run_child(
            ["ingest", "--data", str(data), "--list", str(listing), "--vectors", str(vectors_file), *flag],
            work / f"ingest-{size}.json",
        )
        log.info("%d reports: queries", size)
        query = _run_child(
            ["query", "--data", str(data), "--questions-file", str(questions_file), *flag],
            work / f"query-{size}.json",
        )
        # The hashing embedder is no model `baocao ask` would load: its cold start is not measured.
        cold = None if hashing else cold_start(data, questions[0])
        by_size[str(size)] = {
            "ingest": ingest,
            "query": query,
            "cold_start": cold,
            "index_mb": folder_mb(data),
        }
    return {"ingest_ratio": ratio, "sizes": by_size, "targets": verdicts(ratio, by_size)}


def verdicts(ratio: dict[str, Any], by_size: dict[str, Any]) -> dict[str, Any]:
    """Each target of the issue with the measured figure (None where the run lacked the size)."""

    def get(size: int, *keys: str) -> Any:
        node: Any = by_size.get(str(size))
        for key in keys:
            node = None if node is None else node.get(key)
        return node

    p95_5, p95_500 = (
        get(5, "query", "stats", "answer", "p95_ms"),
        get(500, "query", "stats", "answer", "p95_ms"),
    )
    peaks_500 = [get(500, "ingest", "peak_memory_mb"), get(500, "query", "peak_memory_mb")]
    return {
        "ingest_over_bare": ratio["ingest_over_bare"],
        "reingest_unchanged_50_s": get(50, "ingest", "reingest_unchanged_s"),
        "answer_p50_over_embedding_p50": {
            size: node["query"]["answer_p50_over_embedding_p50"] for size, node in by_size.items()
        },
        "answer_p95_500_over_5": p95_500 / p95_5 if p95_5 and p95_500 else None,
        "peak_memory_500_mb": max(peaks_500) if all(peaks_500) else None,
        "limits": TARGETS,
    }


def _f(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(result: dict[str, Any]) -> str:
    sizes = list(result["sizes"])
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, cell: Any) -> None:
        rows.append((label, [cell(result["sizes"][s]) for s in sizes]))

    def stat(path: str) -> Any:
        return lambda n: (
            f"{_f(n['query']['stats'][path]['p50_ms'])} / {_f(n['query']['stats'][path]['p95_ms'])}"
        )

    row("đoạn", lambda n: str(n["ingest"]["chunks"]))
    row("lập chỉ mục, ngoài mô hình (giây)", lambda n: _f(n["ingest"]["ingest_s"]))
    row("lập lại, không đổi (giây)", lambda n: _f(n["ingest"]["reingest_unchanged_s"], 2))
    row(
        "lập lại, đổi 1 báo cáo (giây; đoạn nhúng lại)",
        lambda n: (
            f"{_f(n['ingest']['reingest_changed_s'], 2)}; {n['ingest']['reingest_changed_chunks_embedded']}"
        ),
    )
    row("nhúng câu hỏi p50 / p95 (ms)", stat("embedding"))
    row("tìm kiếm p50 / p95 (ms)", stat("retrieval"))
    row("trả lời đầy đủ p50 / p95 (ms)", stat("answer"))
    row("trả lời p50 / nhúng câu hỏi p50", lambda n: _f(n["query"]["answer_p50_over_embedding_p50"], 2))
    row(
        "sẵn sàng sau khi nạp mô hình: lần đầu / các lần sau (giây)",
        lambda n: f"{_f(n['query'].get('assistant_first_ready_s'))} / {_f(n['query']['assistant_ready_s'])}",
    )
    row(
        "`baocao ask` từ lúc chạy đến câu trả lời: lần đầu / các lần sau (giây)",
        lambda n: (
            f"{_f((n['cold_start'] or {}).get('ask_first_s'))} / {_f((n['cold_start'] or {}).get('ask_s'))}"
        ),
    )
    row("`baocao --help` (giây)", lambda n: _f((n["cold_start"] or {}).get("help_s")))
    row(
        "bộ nhớ đỉnh: lập chỉ mục / hỏi đáp (MB)",
        lambda n: f"{n['ingest']['peak_memory_mb']:.0f} / {n['query']['peak_memory_mb']:.0f}",
    )
    row("chỉ mục trên đĩa (MB)", lambda n: _f(n["index_mb"]))
    head = "| số báo cáo | " + " | ".join(sizes) + " |"
    lines = [
        head,
        "|---|" + "---:|" * len(sizes),
        *(f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows),
    ]
    ratio, t = result["ingest_ratio"], result["targets"]
    limits = t["limits"]
    lines += [
        "",
        f"- Lập chỉ mục / chỉ mô hình ({ratio['reports']} báo cáo, {ratio['chunks']} đoạn, "
        f"{result['embedder']}): "
        f"{ratio['ingest_chunks_per_s']:.2f} / {ratio['bare_model_chunks_per_s']:.2f} đoạn/giây = "
        f"**{_f(t['ingest_over_bare'], 3)}** (mục tiêu ≥ {limits['ingest_over_bare_min']})",
        f"- Lập lại 50 báo cáo không đổi: **{_f(t['reingest_unchanged_50_s'], 2)} giây** "
        f"(mục tiêu < {limits['reingest_unchanged_50_max_s']})",
        "- Trả lời p50 / nhúng câu hỏi p50: "
        + ", ".join(f"{s} báo cáo **{_f(v, 2)}**" for s, v in t["answer_p50_over_embedding_p50"].items())
        + f" (mục tiêu ≤ {limits['answer_p50_over_embedding_p50_max']})",
        f"- Trả lời p95 ở 500 / ở 5 báo cáo: **{_f(t['answer_p95_500_over_5'], 2)}** "
        f"(mục tiêu ≤ {limits['answer_p95_500_over_5_max']})",
        f"- Bộ nhớ đỉnh ở 500 báo cáo: **{_f(t['peak_memory_500_mb'], 0)} MB** "
        f"(mục tiêu < {limits['peak_memory_500_max_mb']})",
    ]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=("ingest", "query"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="report counts (default 5,50,500)")
    parser.add_argument("--questions", type=int, default=40, help="questions timed per size (default 40)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    parser.add_argument(
        "--hashing", action="store_true", help="hashing embedder instead of the model (tests)"
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this folder and keep it (default: a temporary one)"
    )
    for name in ("--data", "--list", "--vectors", "--questions-file", "--out"):  # the children's arguments
        parser.add_argument(name, type=Path, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    from assistant.settings import Settings
    from index.manifest import write_atomic

    if args.step == "ingest":
        paths = [Path(p) for p in json.loads(args.list.read_text(encoding="utf-8"))]
        write_atomic(args.out, json.dumps(child_ingest(args.data, paths, args.vectors, args.hashing)))
        return 0
    if args.step == "query":
        questions = json.loads(args.questions_file.read_text(encoding="utf-8"))
        write_atomic(args.out, json.dumps(child_query(args.data, questions, args.hashing)))
        return 0
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if sizes[0] < EMBEDDED_REPORTS and not args.hashing:
        print(f"Lỗi: --sizes cần từ {EMBEDDED_REPORTS} báo cáo trở lên", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        result = run(sizes, args.questions, args.keep, args.hashing)
    else:
        with tempfile.TemporaryDirectory(prefix="baocao-scale-") as tmp:
            result = run(sizes, args.questions, Path(tmp), args.hashing)
    result = {
        "benchmark": "scale",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "embedder": "hashing-768" if args.hashing else Settings().embedding_model,
        "wall_s": time.perf_counter() - started,
        **result,
    }
    write_atomic(args.json, json.dumps(result, ensure_ascii=False, indent=1))
    print(table(result))
    print(f"\n{result['wall_s']:.0f} giây; đã ghi {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
