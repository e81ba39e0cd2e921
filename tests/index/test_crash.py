"""A `baocao ingest` killed (SIGKILL) in the middle of a run: the next run completes, and the index
has no duplicate, orphan or half-written report (chunks, manifest and report files agree)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from index.manifest import IndexPaths, load_manifest
from index.store import ChunkStore
from tests.conftest import BUNDLED, REPORTS, ROOT, make_ingestor

# Ingests the bundled reports slowly (a pause per embedding call) so that it can be killed midway.
SLOW_INGEST = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from index.embedder import HashingEmbedder
from tests.conftest import make_ingestor

class Slow(HashingEmbedder):
    def embed_documents(self, texts):
        time.sleep(0.3)
        return super().embed_documents(texts)

make_ingestor(Path({data_dir!r}), Slow()).run([Path({reports!r})])
"""


def test_an_ingest_killed_midway_is_completed_by_the_next_run(tmp_path):
    data_dir = tmp_path / "index"
    paths = IndexPaths(data_dir)
    script = SLOW_INGEST.format(root=str(ROOT), data_dir=str(data_dir), reports=str(REPORTS))
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        # Killed once one report is saved and before all are: in the middle of the run.
        while time.monotonic() < deadline and process.poll() is None:
            manifest = load_manifest(paths.manifest) if paths.manifest.exists() else None
            if manifest is not None and len(manifest.reports) >= 1:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    interrupted = load_manifest(paths.manifest)
    assert 1 <= len(interrupted.reports) < len(BUNDLED)
    (data_dir / ".manifest.json.killed").write_text("{half", encoding="utf-8")  # as a kill mid-write leaves

    embedder = HashingEmbedder()
    result = make_ingestor(data_dir, embedder).run([REPORTS])
    assert result.ok and len(result.added) + len(result.unchanged) == len(BUNDLED)

    manifest = load_manifest(paths.manifest)
    assert sorted(manifest.reports) == BUNDLED
    store = ChunkStore.persistent(paths.chroma_dir)
    stored = [c.id for c in store.all_chunks()]
    listed = [i for entry in manifest.reports.values() for i in entry["chunks"]]
    assert len(stored) == len(set(stored)) == len(listed) == len(set(listed))  # no duplicate
    assert set(stored) == set(listed)  # no orphan, nothing missing
    for name in BUNDLED:  # every report's files are whole
        for path in (paths.report_json(name), paths.report_words(name), paths.report_figures(name)):
            json.loads(path.read_text(encoding="utf-8"))
    assert not [p for p in os.listdir(data_dir) if p.startswith(".manifest.json.")]  # leftovers removed
    answer = Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder).ask(
        "bao nhiêu trạm BTS tháng 10/2023?"
    )
    assert "1.286" in answer.text
