"""Charts drawn on the server as SVG: no script, no library, nothing loaded from elsewhere.

Each function turns the insights' rows into the geometry its template draws; the template
adds a title, a description and the same figures as a table, for screen readers.
"""
from __future__ import annotations

import math
from datetime import date

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 34
MAX_LABELS = 10  # day labels under the x axis; the others are skipped when days are many


def nice_ceiling(value: float) -> int:
    """The round number at or above `value` an axis ends at: 1, 2, 5 or 10 times a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def _frame(rows: list[dict]) -> tuple[float, float, list[dict]]:
    """The plot's width per day and the labels of the x axis."""
    plot = WIDTH - LEFT - RIGHT
    slot = plot / max(1, len(rows))
    every = max(1, math.ceil(len(rows) / MAX_LABELS))
    labels = [{"x": round(LEFT + slot * (i + 0.5), 1), "text": _short(row["day"])}
              for i, row in enumerate(rows) if i % every == 0]
    return plot, slot, labels


def _short(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day:02d}/{d.month:02d}"


def questions_per_day(rows: list[dict]) -> dict:
    """Bars of questions per day, the refused part of each stacked on top of the answered."""
    _plot, slot, labels = _frame(rows)
    inner = HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max((r["questions"] for r in rows), default=0))
    bars = []
    for i, row in enumerate(rows):
        answered = row["questions"] - row["refused"]
        h_answered = inner * answered / top
        h_refused = inner * row["refused"] / top
        x = LEFT + slot * i + slot * 0.15
        bars.append({"x": round(x, 1), "width": round(slot * 0.7, 1), "day": row["day"],
                     "answered": {"y": round(TOP + inner - h_answered, 1), "height": round(h_answered, 1),
                                  "count": answered},
                     "refused": {"y": round(TOP + inner - h_answered - h_refused, 1), "height": round(h_refused, 1),
                                 "count": row["refused"]}})
    ticks = [{"y": round(TOP + inner - inner * v / top, 1), "value": v} for v in (0, top // 2, top) if v or top]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "base": TOP + inner,
            "bars": bars, "ticks": _distinct(ticks), "labels": labels, "label_y": HEIGHT - 12}


def refused_share(rows: list[dict]) -> dict:
    """A line of the share of questions refused each day, 0 to 100 %; days without questions leave a gap."""
    _plot, slot, labels = _frame(rows)
    inner = HEIGHT - TOP - BOTTOM
    lines, line, points = [], [], []
    for i, row in enumerate(rows):
        if not row["questions"]:
            if line:
                lines.append(line)
            line = []
            continue
        x, y = round(LEFT + slot * (i + 0.5), 1), round(TOP + inner - inner * row["refused_share"], 1)
        line.append(f"{x},{y}")
        points.append({"x": x, "y": y, "day": row["day"], "share": row["refused_share"]})
    if line:
        lines.append(line)
    ticks = [{"y": round(TOP + inner - inner * v / 100, 1), "value": f"{v} %"} for v in (0, 50, 100)]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "base": TOP + inner,
            "lines": [" ".join(points_) for points_ in lines], "points": points, "ticks": ticks, "labels": labels,
            "label_y": HEIGHT - 12}


def _distinct(ticks: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for tick in ticks:
        if tick["value"] not in seen:
            seen.add(tick["value"])
            kept.append(tick)
    return kept
