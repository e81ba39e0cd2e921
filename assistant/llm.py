"""The optional LLM: a langchain chat model rewrites a grounded answer from its passages.

Off by default (`BAOCAO_LLM=none`). The LLM only sees the passages the extractive answer found, is
told to treat them as data and to cite them as [n]; its reply is shown only when it passes the
number guard and the citation check (`assistant.guard`), otherwise the extractive answer stays,
with a note. An abstention is never sent to the LLM: it cannot invent what the reports lack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from assistant.guard import cited, dangling_markers, markers, passes, strip_markers
from assistant.settings import Settings
from assistant.templates import PROMPTS_DIR, Templates, load_prompt_file
from assistant.types import Answer, Citation
from index.errors import BaocaoError
from index.numbers import find_numbers

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

EXTRA_PASSAGES = 2  # retrieved passages offered beside the cited ones


class AnswerPrompt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    system: str
    user: str
    passage: str
    fallback_note: str
    failed_note: str


@lru_cache(maxsize=4)
def load_prompt(path: Path = PROMPTS_DIR / "answer.v1.toml") -> AnswerPrompt:
    return load_prompt_file(path, AnswerPrompt, "prompt")


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None when no LLM is set. Imports only what is used."""
    if settings.llm == "none":
        return None
    if not settings.llm_model:
        raise BaocaoError(
            f"BAOCAO_LLM={settings.llm} cần tên mô hình: đặt BAOCAO_LLM_MODEL (ví dụ qwen2.5:7b)."
        )
    if settings.llm == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key.get_secret_value(),
            temperature=0,
            timeout=settings.llm_timeout_s,
            max_retries=1,
            streaming=True,
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def _passages(answer: Answer) -> list[Citation]:
    """The cited quotes, then the first retrieved passages not cited, numbered from 1."""
    found = list(answer.citations)
    cited_chunks = {(c.report_file, c.start) for c in found}
    for item in answer.retrieved:
        if len(found) >= len(answer.citations) + EXTRA_PASSAGES:
            break
        chunk = item.chunk
        if any(f == chunk.report_file and chunk.start <= s < chunk.end for f, s in cited_chunks):
            continue
        found.append(Citation.of_span(0, chunk, chunk.text, chunk.start, chunk.end))
    return [replace(c, n=i) for i, c in enumerate(found, start=1)]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def _last_sentence_end(text: str) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return ends[-1] if ends else 0


def _grounded(sentence: str, passages: list[Citation], question: str) -> bool:
    """A sentence may be shown as it streams: its numbers in the passages its markers name."""
    named = [p for p in passages if p.n in set(markers(sentence))]
    if not find_numbers(strip_markers(sentence)):
        return not dangling_markers(sentence, cited(passages))
    return bool(named) and passes(sentence, cited(named), question)


class LLMAnswerer:
    """Turns a grounded extractive answer into the LLM's wording, or keeps it when that fails."""

    def __init__(self, model: BaseChatModel, prompt: AnswerPrompt, templates: Templates) -> None:
        self.model = model
        self.prompt = prompt
        self.templates = templates

    def messages(self, question: str, passages: list[Citation]) -> list[tuple[str, str]]:
        text = "\n\n".join(
            self.prompt.passage.format(n=p.n, period=p.period, section=p.section, text=p.quote)
            for p in passages
        )
        system = self.prompt.system.replace("{no_information}", self.templates.no_information)
        return [("system", system), ("human", self.prompt.user.format(question=question, passages=text))]

    def _generate(
        self,
        messages: list[tuple[str, str]],
        passages: list[Citation],
        question: str,
        on_token: Callable[[str], None] | None,
    ) -> str:
        """The whole reply. Only sentences that pass the guard against the passages they cite reach
        `on_token`; streaming stops at the first that does not, so no ungrounded figure is shown."""
        pieces: list[str] = []
        shown = 0
        streaming = on_token is not None
        for chunk in self.model.stream(messages):
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if not piece:
                continue
            pieces.append(piece)
            if streaming:
                text = "".join(pieces)
                end = _last_sentence_end(text)
                if end > shown:
                    if _grounded(text[shown:end], passages, question):
                        on_token(text[shown:end])  # type: ignore[misc]
                        shown = end
                    else:
                        streaming = False
        reply = "".join(pieces)
        if streaming and shown < len(reply) and _grounded(reply[shown:], passages, question):
            on_token(reply[shown:])  # type: ignore[misc]
        return reply.strip()

    def answer(self, extractive: Answer, on_token: Callable[[str], None] | None = None) -> Answer:
        if extractive.abstained or not extractive.citations:
            return extractive
        passages = _passages(extractive)
        try:
            question = extractive.rewritten_question
            reply = self._generate(self.messages(question, passages), passages, question, on_token)
        except Exception as exc:  # noqa: BLE001 - any failure of a remote model keeps the extractive answer
            log.warning("LLM lỗi, giữ câu trả lời trích nguyên văn: %s", exc)
            return self._with_note(extractive, self.prompt.failed_note.format(error=type(exc).__name__))
        used = [p for p in passages if p.n in set(markers(reply))]
        if self.templates.no_information in reply and not used:
            return extractive  # the LLM saw no answer; the extractive one is cited and stands
        if not passes(reply, cited(used), extractive.rewritten_question) or len(used) < len(
            set(markers(reply))
        ):
            log.info("Câu trả lời của LLM không qua kiểm tra số liệu/trích dẫn: %r", reply[:200])
            return self._with_note(extractive, self.prompt.fallback_note)
        kept = {p.n for p in used}
        # A series point or a calculation whose source the reply dropped would point at nothing.
        return replace(
            extractive,
            text=reply,
            citations=tuple(used),
            series=tuple(p for p in extractive.series if p.n in kept),
            calculations=(),
        )

    @staticmethod
    def _with_note(answer: Answer, note: str) -> Answer:
        return replace(answer, text=f"{answer.text}\n{note}")


def build_llm_answerer(settings: Settings, templates: Templates, model: Any = None) -> LLMAnswerer | None:
    model = model if model is not None else build_chat_model(settings)
    return LLMAnswerer(model, load_prompt(), templates) if model is not None else None
