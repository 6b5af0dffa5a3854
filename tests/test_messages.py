"""Sentences built from codes: periods read as 令和 in Japanese and as fiscal years in English."""

from __future__ import annotations

from datetime import date

from dxtrainer import i18n
from dxtrainer.domain.periods import PeriodKind, period_of
from dxtrainer.messages import period_text


def test_period_text_follows_the_language():
    quarter = period_of(PeriodKind.QUARTER, date(2027, 2, 1))
    try:
        i18n.install("en")
        assert period_text(quarter) == "FY2026 Q4"
        assert period_text(period_of(PeriodKind.FISCAL_YEAR, date(2026, 4, 1))) == "FY2026"
    finally:
        i18n.install("ja")
    assert period_text(quarter) == "令和8年度 第4四半期"
    assert period_text(period_of(PeriodKind.MONTH, date(2019, 5, 1))) == "令和元年5月"
