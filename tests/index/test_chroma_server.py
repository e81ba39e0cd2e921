"""The vectors in a Chroma server (`chroma run`) instead of the embedded store: ingest and answer."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.service import Assistant, open_store
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from index.errors import StoreConnectionError
from index.ingest import Ingestor
from index.manifest import IndexPaths
from index.store import ChunkStore
from tests.conftest import REPORTS, free_port


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    port = free_port()
    process = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path / "chroma-server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"`chroma run` stopped at once (exit {process.returncode})")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("`chroma run` did not listen within 60 s")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def test_ingest_and_answer_against_a_chroma_server(chroma_server, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", chroma_url=chroma_server)
    embedder = HashingEmbedder()
    store = open_store(settings)
    result = Ingestor(IndexPaths(settings.data_dir), store, embedder, embedder.name, 700).run([REPORTS])
    assert result.ok and len(result.added) == 5
    assert store.count() > 100
    assert not (settings.data_dir / "chroma").exists()  # the vectors are on the server only
    answer = Assistant.from_settings(settings, embedder=embedder).ask("bao nhiêu trạm BTS tháng 10/2023?")
    assert "1.286" in answer.text


def test_a_wrong_server_address_is_named_with_the_fix():
    with pytest.raises(StoreConnectionError, match="http://máy-chủ:cổng"):
        ChunkStore.http("127.0.0.1:8000")
    with pytest.raises(StoreConnectionError, match="http://127.0.0.1:9"):
        ChunkStore.http(f"http://127.0.0.1:{9}")
