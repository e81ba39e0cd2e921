"""`ask --jsonl`: many questions, one model load. Also the path the evaluation runs through."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.conversation import Turn
from assistant.service import Assistant
from index.errors import BaocaoError

log = logging.getLogger(__name__)


class HistoryTurn(BaseModel):
    """One earlier turn of a conversation, as API payloads and the evaluation set write it."""

    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1)


class AskRequest(BaseModel):
    """One line of `baocao ask --jsonl`."""

    model_config = ConfigDict(extra="ignore")
    id: str | int
    question: str
    history: list[HistoryTurn] = Field(default_factory=list)


def answer_lines(assistant: Assistant, lines: Iterable[str], source: str = "-") -> Iterator[dict[str, Any]]:
    """One output object per non-empty input line, with its id and the seconds it took.

    A question whose answer failed gives a row with `error` and no answer: it is not a refusal
    (`abstained` is false), and the lines after it are still answered."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            request = AskRequest.model_validate_json(line)
        except ValidationError as exc:
            raise BaocaoError(f"{source}:{lineno}: dòng không hợp lệ: {exc}") from exc
        history = [Turn(t.role, t.content) for t in request.history]
        started = time.perf_counter()
        try:
            payload = assistant.ask(request.question, history).to_json()
        except Exception as exc:  # one failed question must not lose the rest of the batch
            if not isinstance(exc, BaocaoError):
                log.exception("%s:%d: câu hỏi %r lỗi", source, lineno, request.id)
            message = str(exc) if isinstance(exc, BaocaoError) else f"{type(exc).__name__}: {exc}"
            payload = {
                "answer": "",
                "abstained": False,
                "citations": [],
                "retrieved": [],
                "error": message,
            }
        yield {"id": request.id, **payload, "latency_s": round(time.perf_counter() - started, 4)}
