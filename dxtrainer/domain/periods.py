"""Reporting periods: 月, 四半期 and 年度 (April to March), with 令和 labels for meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

REIWA_START = 2018  # 令和1年 = 2019


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    FISCAL_YEAR = "fy"


@dataclass(frozen=True, order=True)
class Period:
    kind: PeriodKind
    start: date  # inclusive
    end: date  # exclusive

    @property
    def key(self) -> str:
        fy = fiscal_year(self.start)
        if self.kind is PeriodKind.MONTH:
            return f"M{self.start:%Y-%m}"
        if self.kind is PeriodKind.QUARTER:
            return f"Q{fy}-{(self.start.month - 4) % 12 // 3 + 1}"
        return f"FY{fy}"

    def previous(self) -> Period:
        return period_of(self.kind, _add_months(self.start, -_months(self.kind)))

    def next(self) -> Period:
        return period_of(self.kind, self.end)

    def months(self) -> list[Period]:
        out, cursor = [], self.start
        while cursor < self.end:
            out.append(period_of(PeriodKind.MONTH, cursor))
            cursor = _add_months(cursor, 1)
        return out

    def contains(self, moment: date | datetime) -> bool:
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.start <= day < self.end


def fiscal_year(day: date) -> int:
    """Japanese fiscal year (年度): April 2026 to March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def _months(kind: PeriodKind) -> int:
    return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.FISCAL_YEAR: 12}[kind]


def _add_months(day: date, n: int) -> date:
    index = day.year * 12 + day.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: PeriodKind, moment: date | datetime) -> Period:
    day = moment.date() if isinstance(moment, datetime) else moment
    if kind is PeriodKind.MONTH:
        start = date(day.year, day.month, 1)
    elif kind is PeriodKind.QUARTER:
        offset = (day.month - 4) % 3
        start = _add_months(date(day.year, day.month, 1), -offset)
    else:
        start = date(fiscal_year(day), 4, 1)
    return Period(kind, start, _add_months(start, _months(kind)))


def period_keys(moment: date | datetime) -> tuple[str, str, str]:
    """The month, quarter and fiscal-year keys that `moment` falls in (for roll-ups)."""
    return tuple(period_of(k, moment).key for k in PeriodKind)  # type: ignore[return-value]


def parse_period(text: str) -> Period:
    """'FY2026', '2026' (a 年度), 'Q2026-1', '2026-04' or 'M2026-04'. Raises ValueError."""
    t = text.strip().upper()
    if t.startswith("FY"):
        t = t[2:]
    if t.isdigit() and len(t) == 4:
        return period_of(PeriodKind.FISCAL_YEAR, date(int(t), 4, 1))
    if t.startswith("Q") and "-" in t:
        fy, q = t[1:].split("-", 1)
        return period_of(PeriodKind.QUARTER, _add_months(date(int(fy), 4, 1), (int(q) - 1) * 3))
    if t.startswith("M"):
        t = t[1:]
    year, month = t.split("-", 1)
    return period_of(PeriodKind.MONTH, date(int(year), int(month), 1))


def reiwa(year: int) -> str:
    n = year - REIWA_START
    return "令和元" if n == 1 else f"令和{n}"


def period_label(period: Period) -> str:
    """令和8年度 / 令和8年度 第1四半期 / 令和8年4月."""
    fy = fiscal_year(period.start)
    if period.kind is PeriodKind.FISCAL_YEAR:
        return f"{reiwa(fy)}年度"
    if period.kind is PeriodKind.QUARTER:
        return f"{reiwa(fy)}年度 第{(period.start.month - 4) % 12 // 3 + 1}四半期"
    return f"{reiwa(period.start.year)}年{period.start.month}月"
