"""`python -m eval.fit`: choose answer-engine constants on the DEV splits (the test splits are never
run here), by trying the values given and scoring each combination.

    python -m eval.fit --try assistant.evidence.MODEL_WEIGHT=0,0.5,1 \
        --try assistant.answer.MIN_COVERAGE=0.3,0.34

Each combination asks every dev question of both corpora (query embeddings are computed once) and is
scored by `objective`: the share answered right minus `WRONG_COST` times the share answered wrongly,
over both corpora's dev items together, so a wrong answer costs more than a refusal. The table and
`eval/results/fit.json` say what each combination gave; the chosen value goes into the code with a
comment naming this script.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from eval.corpora import CORPORA
from eval.dataset import load_eval_set
from eval.metrics import summarise
from eval.runner import RESULTS, ask_all, prepare
from index.embedder import QueryCache
from index.errors import BaocaoError
from index.manifest import write_atomic

log = logging.getLogger(__name__)
# A wrong answer (another period's number, a plan for a result) is worse than saying "no
# information": the guide's rule, as a price. Twice the value of a right answer.
WRONG_COST = 2.0


def objective(correct: float, wrong: float) -> float:
    return correct - WRONG_COST * wrong


def parse_try(spec: str) -> tuple[str, str, list[float]]:
    """ "assistant.evidence.MODEL_WEIGHT=0,0.5" -> ("assistant.evidence", "MODEL_WEIGHT", [0.0, 0.5])."""
    name, sep, values = spec.partition("=")
    module, _, attr = name.rpartition(".")
    if not sep or not module or not attr or not values:
        raise BaocaoError(f"--try {spec!r}: viết dạng module.TÊN=giá_trị,giá_trị")
    try:
        return module, attr, [float(v) for v in values.split(",")]
    except ValueError as exc:
        raise BaocaoError(f"--try {spec!r}: giá trị phải là số") from exc


def run(trials: Sequence[tuple[str, str, list[float]]]) -> list[dict[str, Any]]:
    from assistant.service import build_embedder
    from assistant.settings import Settings

    settings = Settings()
    embedder = QueryCache(build_embedder(settings))
    targets = [prepare(settings, corpus, embedder) for corpus in CORPORA.values()]
    dev = {t.corpus.name: [i for i in load_eval_set(t.corpus.dataset) if i.split == "dev"] for t in targets}
    modules = {m: importlib.import_module(m) for m, _, _ in trials}
    original = {(m, a): getattr(modules[m], a) for m, a, _ in trials}
    rows = []
    try:
        for values in itertools.product(*(v for _, _, v in trials)):
            for (module, attr, _), value in zip(trials, values, strict=True):
                kind = type(original[(module, attr)])
                setattr(modules[module], attr, kind(value) if kind is int else value)
            row: dict[str, Any] = {f"{m}.{a}": v for (m, a, _), v in zip(trials, values, strict=True)}
            n = correct = wrong = 0
            for target in targets:
                items = dev[target.corpus.name]
                summary = summarise(items, ask_all(target.assistant, items), [0.0] * len(items))
                keys = ("correct", "wrong_rate", "false_refusal_rate", "abstention_recall")
                row[target.corpus.name] = {k: summary[k] for k in keys}
                n += len(items)
                correct += summary["correct"] * len(items)
                wrong += summary["wrong_rate"] * len(items)
            row["objective"] = objective(correct / n, wrong / n)
            rows.append(row)
            log.warning("%s", row)
    finally:
        for (module, attr), value in original.items():
            setattr(modules[module], attr, value)
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    names = [k for k in rows[0] if "." in k]
    header = names + [f"{c} {m}" for c in CORPORA for m in ("correct", "wrong")] + ["objective"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in sorted(rows, key=lambda r: -r["objective"]):
        cells = [str(row[k]) for k in names]
        for corpus in CORPORA:
            cells += [f"{row[corpus]['correct'] * 100:.1f}%", f"{row[corpus]['wrong_rate'] * 100:.1f}%"]
        cells.append(f"{row['objective']:.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fit", description=__doc__.splitlines()[0])
    parser.add_argument("--try", dest="trials", action="append", required=True, metavar="module.NAME=v1,v2")
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        rows = run([parse_try(spec) for spec in args.trials])
    except BaocaoError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(table(rows))
    write_atomic(RESULTS / "fit.json", json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
