"""The evaluation corpora: which reports each one indexes and which questions it asks about them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
ROOT = EVAL_DIR.parent


@dataclass(frozen=True)
class Corpus:
    name: str
    title: str
    reports_dir: Path
    dataset: Path
    # Source texts the reports were built from (the new corpus); None when the reports are text.
    sources_dir: Path | None = None
    # True: evaluated on the configured index (`make index` builds it from data/reports). False: the
    # evaluation indexes `reports_dir` into a folder of its own in the data folder.
    uses_configured_index: bool = False

    @property
    def report_files(self) -> list[str]:
        return sorted(
            p.name for p in self.reports_dir.iterdir() if p.is_file() and not p.name.startswith(".")
        )


BUNDLED = Corpus(
    "bundled",
    "the five bundled reports (data/reports)",
    ROOT / "data" / "reports",
    EVAL_DIR / "corpora" / "bundled" / "qa.jsonl",
    uses_configured_index=True,
)
NEW = Corpus(
    "new",
    "new reports no rule was written for (eval/corpora/new)",
    EVAL_DIR / "corpora" / "new" / "reports",
    EVAL_DIR / "corpora" / "new" / "qa.jsonl",
    sources_dir=EVAL_DIR / "corpora" / "new" / "sources",
)
CORPORA: dict[str, Corpus] = {c.name: c for c in (BUNDLED, NEW)}
