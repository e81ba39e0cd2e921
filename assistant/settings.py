"""The one settings object. Built once at the edge (CLI, UI) and passed explicitly."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "embeddinggemma-300m"


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "baocao"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BAOCAO_", extra="ignore")

    data_dir: Path = Field(default=Path(".baocao"), description="index, manifest and feedback live here")
    reports_dir: Path = Field(
        default=Path("data/reports"), description="what `baocao ingest` reads by default"
    )
    model_cache_dir: Path = Field(default_factory=lambda: _user_cache() / "models")
    # The bundled name resolves to the folder `baocao models fetch` fills; anything else is a
    # sentence-transformers directory or hub name (a user with internet may choose another).
    embedding_model: str = DEFAULT_MODEL
    max_seq_length: int = Field(default=512, ge=32, le=8192)
    embed_batch_size: int = Field(default=8, ge=1)
    chunk_max_chars: int = Field(default=700, ge=100)
    top_k: int = Field(default=10, ge=1, le=50)
    # Chosen on the evaluation set; `baocao eval` prints the comparison of the modes.
    retrieval_mode: Literal["hybrid", "dense", "lexical"] = "hybrid"
    dense_weight: float = Field(default=0.7, ge=0.0, le=1.0, description="share of dense in the fusion")
    reranker: str = Field(default="signals", description="signals, none, or cross-encoder:<model folder>")
    # Optional LLM for the wording of answers; the extractive answer is used when none is set.
    llm: Literal["none", "openai", "ollama"] = Field(
        default="none", description="openai: any OpenAI-compatible server (vLLM, llama.cpp, LM Studio)"
    )
    llm_base_url: str = "http://127.0.0.1:8000/v1"
    llm_model: str = ""
    llm_api_key: SecretStr = SecretStr("not-needed")
    llm_timeout_s: float = Field(default=60.0, gt=0)
    # A Chroma server (`chroma run`) for the vectors instead of the store embedded in data_dir, e.g.
    # "http://127.0.0.1:8000". The manifest and parsed reports stay in data_dir.
    chroma_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 7860
    # A shared deployment can ask for a login; both unset: no login (the UI is on loopback by default).
    ui_username: str | None = None
    ui_password: SecretStr | None = None
    upload_max_mb: int = Field(default=50, gt=0, description="largest report file the UI accepts")

    @field_validator("data_dir", "reports_dir", "model_cache_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def model_path(self) -> Path | None:
        """Local folder of the bundled model, or None when the model is named otherwise."""
        if self.embedding_model == DEFAULT_MODEL:
            return self.model_cache_dir / DEFAULT_MODEL
        candidate = Path(self.embedding_model).expanduser()
        return candidate if candidate.exists() else None
