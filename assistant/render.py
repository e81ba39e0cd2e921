"""Answers as text for a terminal or chat window: the answer, then its numbered sources."""

from __future__ import annotations

from assistant.templates import Templates
from assistant.types import Answer


def render_text(answer: Answer, templates: Templates) -> str:
    lines = []
    if answer.rewritten_question != answer.question:
        lines.append(templates.rewritten.format(question=answer.rewritten_question))
    lines.append(answer.text)
    if answer.citations:
        lines.append("")
        lines.append(templates.citations_header)
        for c in answer.citations:
            lines.append(templates.citation.format(**c.to_json()))
            if c.low_confidence:
                lines.append(templates.citation_low_confidence.format(page=c.page or "?"))
    return "\n".join(lines)
