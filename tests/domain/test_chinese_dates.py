"""Dates and times render as a Chinese document writes them, in local time, never ISO."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, strategies as st

from judge_app.domain.chinese_dates import chinese_date, chinese_date_range, chinese_datetime, chinese_time

BEIJING = timezone(timedelta(hours=8))


def test_dates():
    assert chinese_date("2025-09-18") == "2025年9月18日"
    assert chinese_date(date(2026, 1, 2)) == "2026年1月2日"
    assert chinese_date("") == ""
    assert chinese_date("九月中旬") == "九月中旬"  # free text is kept as typed


def test_moments_in_local_time():
    utc = "2026-12-01T21:50:54+00:00"
    assert chinese_datetime(utc, BEIJING) == "2026年12月2日 05:50"
    assert chinese_time(utc, BEIJING) == "05:50"
    assert chinese_date(utc, BEIJING) == "2026年12月2日"
    assert chinese_datetime("2025-09-18 14:05:33") == "2025年9月18日 14:05"  # naive: already local
    assert chinese_datetime("2025-09-18") == "2025年9月18日"


def test_range():
    assert chinese_date_range("2025-09-18", "2025-09-25") == "2025年9月18日至9月25日"
    assert chinese_date_range("2025-12-30", "2026-01-05") == "2025年12月30日至2026年1月5日"


@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)))
def test_no_iso_left(moment):
    shown = chinese_datetime(moment.isoformat(), BEIJING)
    assert "T" not in shown and "-" not in shown and "+" not in shown
    assert shown.startswith(f"{moment.astimezone(BEIJING).year}年")


def test_a_typed_filter_bound_reads_chinese_and_iso_dates_as_local_time():
    import pytest

    from judge_app.domain.chinese_dates import typed_bound

    assert typed_bound("2025年9月18日") == "2025-09-18T00:00:00"
    assert typed_bound("2025年9月18日", end=True) == "2025-09-18T23:59:59"
    assert typed_bound("2025年9月18日 18:05") == typed_bound("2025-09-18 18:05") == "2025-09-18T18:05:00"
    assert typed_bound("2025-9-18 18:05", end=True) == "2025-09-18T18:05:59"
    assert typed_bound("  ") == ""
    for bad in ("九月中旬", "2025年2月30日", "2025-09-18 25:00"):
        with pytest.raises(ValueError):
            typed_bound(bad)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_a_stored_moment_falls_inside_the_bounds_of_its_own_day_and_minute(moment):
    """The audit trail stores local time with its offset; the typed bounds of that day and minute contain it."""
    from judge_app.domain.chinese_dates import typed_bound

    stored = moment.replace(microsecond=0).astimezone().isoformat(timespec="seconds")
    day = f"{moment.year}年{moment.month}月{moment.day}日"
    assert typed_bound(day) <= stored < typed_bound(day, end=True) + "\uffff"
    minute = f"{day} {moment.hour}:{moment.minute:02d}"
    assert typed_bound(minute) <= stored < typed_bound(minute, end=True) + "\uffff"
