"""One reading of the question, after the follow-up rewrite: what it asks, of which periods and where.

The stages take this instead of reading the string again: the router chooses a strategy from it,
retrieval takes its periods and whether it asks for a plan or a figure, and `--explain` shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.intent import (
    acronyms,
    asked_units,
    is_comparison,
    is_numeric_question,
    is_plan_question,
    is_trend_question,
)
from assistant.scope import Place, named_levels, named_places
from index.periods import asked_periods, comparison_bases, strip_periods
from index.types import Period

Route = Literal["series", "comparison", "answer"]


@dataclass(frozen=True)
class QuestionAnalysis:
    text: str  # the standalone question
    periods: tuple[Period, ...]  # the periods to search
    bases: tuple[Period, ...]  # compared with inside a report ("cùng kỳ năm 2021"), not searched
    plan: bool  # asks for a plan or target, not a result
    figure: bool  # asks for a figure
    units: tuple[frozenset[str], ...]  # what each asked figure counts (folded words)
    acronyms: tuple[str, ...]
    places: tuple[Place, ...]  # districts, towns, communes named
    levels: tuple[str, ...]  # levels of government named ("cap huyen")
    route: Route

    @property
    def topic(self) -> str:
        return strip_periods(self.text)


def analyse(question: str) -> QuestionAnalysis:
    periods = tuple(asked_periods(question))
    topic = strip_periods(question)
    if is_trend_question(question):
        route: Route = "series"
    elif len(periods) >= 2 and is_comparison(question):
        route = "comparison"
    else:
        route = "answer"
    return QuestionAnalysis(
        text=question,
        periods=periods,
        bases=tuple(comparison_bases(question)),
        plan=is_plan_question(question),
        figure=is_numeric_question(question),
        units=tuple(asked_units(topic)),
        acronyms=tuple(acronyms(topic)),
        places=tuple(named_places(question)),
        levels=tuple(named_levels(question)),
        route=route,
    )
