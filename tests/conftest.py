"""Shared fixtures. Unit tests use the hashing embedder; `slow` tests use the real model."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from index.embedder import HashingEmbedder
from index.ingest import Ingestor
from index.manifest import IndexPaths
from index.store import ChunkStore

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
BUNDLED = sorted(p.name for p in REPORTS.iterdir() if not p.name.startswith("."))

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session", autouse=True)
def no_outbound_network():
    """Nothing in the suite may download or phone home: only loopback connections are allowed."""
    from tests.network_guard import install

    lift = install()
    yield
    lift()


def free_port() -> int:
    """A loopback port nothing listens on (for a served UI or a `chroma run`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_locally(app: Any, **options: Any) -> str:
    """Launch a Gradio app on a free loopback port without blocking; its URL."""
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **options)
    return f"http://127.0.0.1:{port}/"


@pytest.fixture
def reports_dir() -> Path:
    return REPORTS


def make_ingestor(
    data_dir: Path, embedder=None, max_chars: int = 700, embedder_name: str | None = None
) -> Ingestor:
    embedder = embedder or HashingEmbedder()
    paths = IndexPaths(data_dir)
    return Ingestor(
        paths, ChunkStore.persistent(paths.chroma_dir), embedder, embedder_name or embedder.name, max_chars
    )


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory) -> tuple[Path, HashingEmbedder]:
    """The bundled reports indexed once with the hashing embedder."""
    data_dir = tmp_path_factory.mktemp("fake-index")
    embedder = HashingEmbedder()
    result = make_ingestor(data_dir, embedder).run([REPORTS])
    assert result.ok, result.failed
    return data_dir, embedder


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    """Settings for an index of the bundled reports built once per run with the real model."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("real-index"), reports_dir=REPORTS)
    if settings.model_path is not None and not settings.model_path.exists():
        pytest.fail("Chưa có mô hình nhúng: chạy `baocao models fetch` (make test làm việc này).")
    return settings


@pytest.fixture(scope="session")
def real_embedder(real_settings):
    from assistant.service import build_embedder

    return build_embedder(real_settings)


@pytest.fixture(scope="session")
def real_assistant(real_settings, real_embedder):
    from assistant.service import Assistant

    # The manifest records the model by its settings name, as `baocao ingest` does.
    ingestor = make_ingestor(
        real_settings.data_dir, real_embedder, real_settings.chunk_max_chars, real_settings.embedding_model
    )
    outcome = ingestor.run([REPORTS])
    assert outcome.ok, outcome.failed
    return Assistant.from_settings(real_settings, embedder=real_embedder)


@pytest.fixture(scope="session")
def real_new_target(real_settings, real_embedder):
    """The new-report corpus indexed with the real model, in the real index's data folder."""
    from eval.corpora import NEW
    from eval.runner import prepare

    return prepare(real_settings, NEW, real_embedder)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden section trees")
