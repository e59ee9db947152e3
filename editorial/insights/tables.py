"""What each figure is on the page: a table (shown in a disclosure, downloaded as CSV) and the
chart drawn from it. Pure: the chart's geometry is worked out here, the template only draws it.

A cell's `key` names the stories behind it (`/insights/stories?figure=<key>`), the same key the
report keeps its story ids under, so a link lists exactly what was counted.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

WIDTH = 640  # the viewBox's width; the SVG scales to its box
LABEL = 170  # room for the category labels on a bar chart
ROW = 26
# A cell starting with one of these is a formula to a spreadsheet (OWASP's CSV injection list):
# a person's or a section's name could start so.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(text: str) -> str:
    """`text` safe to open in a spreadsheet: a leading formula character gets an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass
class Cell:
    """One number (or word) of a table, and the stories behind it."""

    text: str
    value: float | None = None
    key: str | None = None


@dataclass
class Table:
    """A figure: title, a sentence saying what it shows, a header and rows (label + cells).

    `chart`: "bars" (one bar per row from column `plot[0]`, a tick at column `plot[1]` if
    given) or "columns" (one stacked column per row from the columns in `plot`), or "" for none.
    """

    key: str
    title: str
    summary: str
    headers: list[str]
    rows: list[tuple[Cell, list[Cell]]] = field(default_factory=list)
    chart: str = "bars"
    plot: tuple[int, ...] = (0,)
    unit: str = ""  # what a column chart's scale counts ("h"), when not stories

    def csv(self) -> str:
        """The table as CSV: the header, then each row's label and cells as shown."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self.headers)
        for label, cells in self.rows:
            writer.writerow([cell_safe(label.text), *(cell_safe(c.text) for c in cells)])
        return out.getvalue()


@dataclass(frozen=True)
class Bar:
    """A drawn rectangle: where, its series (the CSS class), what it says, where it links."""

    x: float
    y: float
    w: float
    h: float
    series: int
    title: str
    key: str | None


@dataclass(frozen=True)
class Text:
    """A drawn label."""

    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Drawing:
    """A chart's geometry: its height, rectangles, ticks and labels, and the series' names."""

    height: float
    bars: list[Bar]
    ticks: list[Bar]
    labels: list[Text]
    legend: list[str]


def _value(cell: Cell) -> float:
    return max(cell.value or 0.0, 0.0)


def draw(table: Table) -> Drawing | None:
    """The chart of `table` (None when it has no chart or no rows)."""
    if not table.chart or not table.rows:
        return None
    if table.chart == "bars":
        return _bars(table)
    return _columns(table)


def _bars(table: Table) -> Drawing:
    main, tick = table.plot[0], (table.plot[1] if len(table.plot) > 1 else None)
    top = max(
        [_value(cells[main]) for _, cells in table.rows]
        + ([_value(cells[tick]) for _, cells in table.rows] if tick is not None else [])
        + [1e-9]
    )
    span = WIDTH - LABEL - 70
    bars, ticks, labels = [], [], []
    for n, (label, cells) in enumerate(table.rows):
        y = 8 + n * ROW
        value = cells[main]
        w = _value(value) / top * span
        bars.append(
            Bar(LABEL, y, max(w, 1.0), ROW - 8, 0, f"{label.text}: {value.text}", value.key)
        )
        labels.append(Text(LABEL - 6, y + ROW / 2, label.text[:26], "end"))
        labels.append(Text(LABEL + w + 4, y + ROW / 2, value.text))
        if tick is not None and cells[tick].value is not None:
            x = LABEL + _value(cells[tick]) / top * span
            title = f"{label.text}: {table.headers[tick + 1]} {cells[tick].text}"
            ticks.append(Bar(x - 1.5, y - 2, 3, ROW - 4, 1, title, cells[tick].key))
    legend = [table.headers[main + 1]] + ([table.headers[tick + 1]] if tick is not None else [])
    return Drawing(16 + len(table.rows) * ROW, bars, ticks, labels, legend)


def _columns(table: Table) -> Drawing:
    height, base = 180.0, 160.0
    totals = [sum(_value(cells[i]) for i in table.plot) for _, cells in table.rows]
    peak = max(totals, default=0.0)
    top = peak or 1.0  # nothing to draw: no bar, and the scale says 0
    slot = (WIDTH - 40) / len(table.rows)
    bar = min(slot * 0.8, 60.0)
    chars = max(int(slot / 7), 3)
    bars, labels = [], []
    every = max(1, round(len(table.rows) / 8))
    for n, (label, cells) in enumerate(table.rows):
        x, y = 30 + n * slot, base
        for series, i in enumerate(table.plot):
            h = _value(cells[i]) / top * (base - 10)
            if h <= 0:
                continue
            y -= h
            title = f"{label.text}, {table.headers[i + 1]}: {cells[i].text}"
            bars.append(Bar(x + (slot - bar) / 2, y, bar, h, series, title, cells[i].key))
        if n % every == 0:
            # A day or a week shows its month and day; a name as much as fits.
            dated = label.text[:2] == "20" and len(label.text) == 10
            text = label.text[5:] if dated else label.text[:chars]
            labels.append(Text(x + slot / 2, base + 14, text, "middle"))
    labels.append(Text(28, 14, f"{peak:.3g}{' ' + table.unit if table.unit else ''}", "end"))
    return Drawing(height, bars, [], labels, [table.headers[i + 1] for i in table.plot])
