"""Horizontal bar charts as plain geometry, for the templates to draw as inline SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400  # the viewBox width; the chart scales to its column
LABEL_END = 150  # where labels end and bars start
BAR_END = 340  # where the longest bar ends (its value is written after it)
ROW = 26
LABEL_CHARS = 20


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label (shortened), the full label, the value written, and geometry."""

    label: str
    full: str
    shown: str
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled bar chart with its text alternative: a description and the table of its data
    (``head``, then one row per bar unless ``table`` gives other rows)."""

    ident: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    height: int
    head: tuple[str, ...]
    table: tuple[tuple[str, ...], ...]
    width: int = WIDTH
    label_end: int = LABEL_END


def short(label: str, limit: int = LABEL_CHARS) -> str:
    """A label cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bars(
    ident: str,
    text: tuple[str, str],
    rows: Sequence[tuple[str, float, str]],
    head: Sequence[str],
    table: Sequence[Sequence[str]] | None = None,
    scale_max: float | None = None,
) -> Chart:
    """A chart titled and described by ``text``, of ``rows`` (label, value, value as
    written) scaled to ``scale_max`` (the largest value by default), its data table headed
    ``head`` (by default one row of label and written value per bar)."""
    top = scale_max if scale_max is not None else max((v for _, v, _ in rows), default=0)
    span = BAR_END - LABEL_END
    out = tuple(
        Bar(
            short(label),
            label,
            shown,
            8 + i * ROW,
            round(span * value / top, 1) if top > 0 else 0.0,
        )
        for i, (label, value, shown) in enumerate(rows)
    )
    data = table if table is not None else [(label, shown) for label, _, shown in rows]
    return Chart(
        ident,
        *text,
        out,
        16 + ROW * max(len(rows), 1),
        tuple(head),
        tuple(tuple(row) for row in data),
    )
