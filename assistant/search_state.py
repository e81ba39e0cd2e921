"""What search needs in memory besides the vectors, kept on disk between starts.

Every start used to read every passage from Chroma, segment it for BM25 and count its spellings for
the diacritic restorer: about 14 s at 500 reports, paid by each `baocao ask`. The result depends only
on the indexed reports and on the code that builds it, so it is saved after the first start and read
back (under a second at 500 reports) while both are unchanged: the key hashes the manifest (each
report's content hash and chunk ids, the embedder), the question phrases, bm25s's version and the
source of the modules that build these structures. Any change, or an unreadable file, rebuilds it.

The file is a pickle in the data folder: whoever can write there can already change the index itself.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from index.lexical import LexicalIndex
from index.manifest import IndexPaths, write_atomic
from index.report_store import load_report_words
from index.restore import DiacriticRestorer
from index.segment import Segmenter
from index.store import ChunkStore
from index.types import Chunk
from index.vocabulary import Vocabulary

log = logging.getLogger(__name__)
# The modules whose code decides what is built here: an edit to any of them rebuilds the saved state.
_BUILDERS = (
    "assistant.search_state",
    "index.lexical",
    "index.restore",
    "index.segment",
    "index.store",
    "index.text",
    "index.types",
)


def searchable_text(chunk: Chunk) -> str:
    """What BM25 and the restorer read of a passage: its heading path, then its text."""
    return f"{chunk.section}\n{chunk.text}"


@dataclass(frozen=True)
class SearchState:
    chunks: list[Chunk]  # every indexed passage, in the store's order
    lexical: LexicalIndex  # BM25 over `searchable_text` of each, segmented with the reports' words
    restorer: DiacriticRestorer


def build_search_state(
    paths: IndexPaths, store: ChunkStore, report_files: Iterable[str], vocabulary: Vocabulary
) -> SearchState:
    words = set().union(*(load_report_words(paths, name) for name in report_files))
    chunks = store.all_chunks()
    texts = [searchable_text(c) for c in chunks]
    return SearchState(
        chunks,
        LexicalIndex(texts, Segmenter(words)),
        DiacriticRestorer.from_texts(texts, vocabulary.question_phrases),
    )


def state_key(manifest_text: str, vocabulary: Vocabulary) -> str:
    """Changes with the indexed reports, the question phrases, bm25s and the code that builds the state."""
    import bm25s

    digest = hashlib.sha256()
    for part in (manifest_text, "\n".join(vocabulary.question_phrases), bm25s.__version__):
        digest.update(part.encode("utf-8") + b"\0")
    for module in _BUILDERS:
        digest.update(Path(sys.modules[module].__file__ or "").read_bytes() + b"\0")
    return digest.hexdigest()


def load_or_build(
    path: Path, key: str, build: Callable[[], SearchState], expected_ids: Collection[str]
) -> SearchState:
    """The state saved at `path` under `key`; else built, and saved if it holds exactly the passages
    `expected_ids` names (the manifest's): a store caught in the middle of an ingest is not saved."""
    try:
        with path.open("rb") as fh:
            saved_key, state = pickle.load(fh)
        if saved_key == key and isinstance(state, SearchState):
            return state
        log.info("Trạng thái tìm kiếm đã lưu thuộc chỉ mục cũ hơn: lập lại")
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - any unreadable file (damaged, older classes) is rebuilt
        log.warning("Không đọc được %s (%s): lập lại", path, exc)
    state = build()
    if len(state.chunks) != len(expected_ids) or not {c.id for c in state.chunks} <= set(expected_ids):
        log.info("Chỉ mục đang được cập nhật: trạng thái tìm kiếm không được lưu")
        return state
    try:
        write_atomic(path, pickle.dumps((key, state), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:  # a read-only data folder still answers, it only starts slower
        log.warning("Không lưu được %s (%s): lần khởi động sau sẽ lập lại", path, exc)
    return state
