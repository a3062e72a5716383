"""Where each key of the content format lives, for an editor who wrote one in the wrong place.

An editor who copies ``clinic_name`` into ``support.yaml``, or ``seconds_per_slide`` to the
top of ``settings.yaml``, has not misspelt anything: "did you mean" is no help there. The
loader asks :func:`homes_of` where the key does belong and says so.
"""

from __future__ import annotations

import types
import typing
from collections import defaultdict
from functools import cache

from pydantic import BaseModel

from kiosk.model import (
    ExplainerScreen,
    MachineConfig,
    QuestionnaireScreen,
    ResearchScreen,
    Settings,
    SupportContent,
    UiStrings,
)

# Each file of the format, and the model that reads it, in the words of docs/content.md.
_FILES: tuple[tuple[type[BaseModel], str], ...] = (
    (Settings, "settings.yaml"),
    (UiStrings, "each language's ui.yaml"),
    (SupportContent, "each language's support.yaml"),
    (ExplainerScreen, "a topic's screen file (type: explainer)"),
    (ResearchScreen, "the research screen's file (type: research)"),
    (QuestionnaireScreen, "a self-check's screen file (type: questionnaire)"),
    (MachineConfig, "the kiosk's own kiosk.yaml (see docs/alerts.md)"),
)


def homes_of(key: str) -> list[str]:
    """Where ``key`` is a valid key, as "FILE" or "FILE under 'PARENT'"; empty if nowhere."""
    return _homes().get(key, [])


@cache
def _homes() -> dict[str, list[str]]:
    homes: dict[str, list[str]] = defaultdict(list)
    for model, file in _FILES:
        for key, parents in _keys(model, ()):
            place = f"{file} under '{'.'.join(parents)}'" if parents else file
            if place not in homes[key]:
                homes[key].append(place)
    return dict(homes)


def _keys(model: type[BaseModel], parents: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[str, tuple[str, ...]]] = []
    for name, field in model.model_fields.items():
        found.append((name, parents))
        for inner in _models_in(field.annotation):
            found += _keys(inner, (*parents, name))
    return found


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The models an annotation holds: ``Band``, ``list[Band]``, ``Schedule | None`` ..."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []
