"""Item D) schedules as active periods (forms counted in the launch corpus, and Doc 8126 forms)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from airspace.notam import parse_notam
from airspace.notam.schedule import MAX_PERIODS, schedule_periods


def t(text: str) -> datetime:
    return datetime.strptime(text, "%y%m%d%H%M").replace(tzinfo=UTC)


def hm(periods: tuple[tuple[datetime, datetime | None], ...]) -> list[str]:
    """'dd hhmm-dd hhmm' for each period."""
    return [f"{a:%d %H%M}-{b:%d %H%M}" for a, b in periods if b is not None]


# (D text, B, C, expected periods); all but the last four occur in the corpus
SCHEDULES = [
    (
        "0930-1130",
        "2112220930",
        "2112241130",
        ["22 0930-22 1130", "23 0930-23 1130", "24 0930-24 1130"],
    ),
    ("DAILY 1600/2000", "2112291600", "2112302000", ["29 1600-29 2000", "30 1600-30 2000"]),
    ("DLY 2130-0230", "2411132130", "2411150230", ["13 2130-14 0230", "14 2130-15 0230"]),
    ("0231-0258,0731-0818", "2012300231", "2012300818", ["30 0231-30 0258", "30 0731-30 0818"]),
    ("1334-1421 1503-1554", "2201011334", "2201011554", ["01 1334-01 1421", "01 1503-01 1554"]),
    (
        "2310-2344 01, 0157-0231 0749-0832 02",
        "2104012310",
        "2104020832",
        ["01 2310-01 2344", "02 0157-02 0231", "02 0749-02 0832"],
    ),
    (
        "23 0300-0423 0627-0750, 24 0050-0213, 25 0157-0320.",
        "2301230300",
        "2301250320",
        ["23 0300-23 0423", "23 0627-23 0750", "24 0050-24 0213", "25 0157-25 0320"],
    ),
    (
        "FEB 02-05 0200-0800",
        "2402020200",
        "2402050800",
        ["02 0200-02 0800", "03 0200-03 0800", "04 0200-04 0800", "05 0200-05 0800"],
    ),
    ("15 16 0000-0300", "2212150000", "2212160300", ["15 0000-15 0300", "16 0000-16 0300"]),
    (
        "APR 28 1930-2359, APR 29 0000-0025 1930-2359, APR 30 0000-0025",
        "2504281930",
        "2504300025",
        ["28 1930-29 0025", "29 1930-30 0025"],
    ),
    (
        "OCT 30 1930-2359 \nOCT 31 N0V 01 0000-0030 1930-2359\nNOV 02 0000-0030",
        "2310301930",
        "2311020030",
        ["30 1930-31 0030", "31 1930-01 0030", "01 1930-02 0030"],
    ),
    (
        "0200-0338 ON 6 AND 0244-0421 ON 8",
        "2602060200",
        "2602080421",
        ["06 0200-06 0338", "08 0244-08 0421"],
    ),
    (
        "0145-0510 ON SEP,28 0300-0620 ON SEP,29 - OCT,03",
        "2109280145",
        "2110030620",
        [
            "28 0145-28 0510",
            "29 0300-29 0620",
            "30 0300-30 0620",
            "01 0300-01 0620",
            "02 0300-02 0620",
            "03 0300-03 0620",
        ],
    ),
    (
        "1808-1835 ON 06 SEP 2023 2008-2035 ON 26 SEP 2023",
        "2309061808",
        "2309262035",
        ["06 1808-06 1835", "26 2008-26 2035"],
    ),
    (
        "0520-0900 ON JAN 30 2220-0230(NEXT DAY) ON JAN 31",
        "2601300520",
        "2602010230",
        ["30 0520-30 0900", "31 2220-01 0230"],
    ),
    ("JUNE 25-26,1400-2000", "2206251400", "2206262000", ["25 1400-25 2000", "26 1400-26 2000"]),
    (
        "0550-0708 0N 23,0634-0805 ON 25",
        "2301230550",
        "2301250805",
        ["23 0550-23 0708", "25 0634-25 0805"],
    ),
    (
        "2209060100 TO 2209060600 2209070100 TO 2209070600",
        "2209060100",
        "2209070600",
        ["06 0100-06 0600", "07 0100-07 0600"],
    ),
    (
        "DEC 25 2200-2359, 26 27 0000 - 0200 2200 - 2359, 28 0000-0200",
        "2412252200",
        "2412280200",
        ["25 2200-26 0200", "26 2200-27 0200", "27 2200-28 0200"],
    ),
    ("DAILY 0000-0600 UTC", "2602020000", "2602030600", ["02 0000-02 0600", "03 0000-03 0600"]),
    # Doc 8126 forms not in the corpus
    (
        "MON-FRI 0800-1600",
        "2601020000",
        "2601062359",  # 2 Jan 2026 is a Friday
        ["02 0800-02 1600", "05 0800-05 1600", "06 0800-06 1600"],
    ),
    ("MON WED 0800-1600", "2601050000", "2601092359", ["05 0800-05 1600", "07 0800-07 1600"]),
    ("H24", "2601010600", "2601031200", ["01 0600-03 1200"]),
    (
        "JAN 01 03 05 0100-0300",
        "2601010000",
        "2601052359",
        ["01 0100-01 0300", "03 0100-03 0300", "05 0100-05 0300"],
    ),
]


@pytest.mark.parametrize(("text", "b", "c", "expected"), SCHEDULES, ids=[s[0] for s in SCHEDULES])
def test_schedule_forms(text: str, b: str, c: str, expected: list[str]) -> None:
    schedule = schedule_periods(text, t(b), t(c))
    assert schedule.warnings == ()
    assert hm(schedule.periods) == expected


def test_no_schedule_is_the_whole_window_and_perm_is_open() -> None:
    assert schedule_periods(None, t("2601010000"), t("2601020000")).periods == (
        (t("2601010000"), t("2601020000")),
    )
    perm = schedule_periods("DAILY 0100-0200", t("2601010000"), None)
    assert perm.periods == ((t("2601010000"), None),) and "PERM" in perm.warnings[0]


@pytest.mark.parametrize(
    "text", ["EVERY SECOND TUESDAY", "0100-0200 EXC SAT", "JAN 40 0100-0200", "2500-2600"]
)
def test_unknown_schedule_warns_and_keeps_the_whole_window(text: str) -> None:
    schedule = schedule_periods(text, t("2601010000"), t("2601052359"))
    assert schedule.periods == ((t("2601010000"), t("2601052359")),)
    assert len(schedule.warnings) == 1 and "not understood" in schedule.warnings[0]


def test_sunrise_sunset_is_whole_days_with_a_warning() -> None:
    schedule = schedule_periods("SR-SS", t("2601010000"), t("2601022359"))
    assert schedule.periods == ((t("2601010000"), t("2601022359")),)
    assert "sunrise/sunset" in schedule.warnings[0]


def test_periods_outside_b_c_are_reported() -> None:
    schedule = schedule_periods("05 0100-0200", t("2601010000"), t("2601022359"))
    assert "names periods outside B)-C)" in schedule.warnings[0]
    assert "leaves no period in B)-C): the whole window is used" in schedule.warnings[1]
    assert schedule.periods == ((t("2601010000"), t("2601022359")),)


def test_too_many_periods_is_the_whole_window_with_a_warning() -> None:
    start = t("2001010000")
    end = start + timedelta(days=MAX_PERIODS + 10)
    schedule = schedule_periods("DAILY 0100-0200", start, end)
    assert schedule.periods == ((start, end),)
    assert f"more than {MAX_PERIODS}" in schedule.warnings[0]


def test_parsed_notam_carries_periods_and_schedule_warnings() -> None:
    text = (
        "Q) RPHI/QWMLW/IV/BO/W/000/999/1238N11644E048 A) RPHI B) 2508241800 C) 2508262100 "
        "D) {d} E) 130200N 1160300E - 132300N 1163000E - 121400N 1172500E F) SFC G) UNL"
    )
    notam = parse_notam(text.format(d="1800-2100"))
    assert hm(notam.periods) == ["24 1800-24 2100", "25 1800-25 2100", "26 1800-26 2100"]
    odd = parse_notam(text.format(d="WHEN NEEDED"))
    assert odd.periods == ((odd.start, odd.end),)
    assert any(w.startswith("item D): schedule 'WHEN NEEDED' not understood") for w in odd.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -/,.:ADEFHJLMNOPRSTUVY", max_size=60))
def test_any_schedule_text_gives_periods_within_b_c(text: str) -> None:
    start, end = t("2601010000"), t("2601200000")
    schedule = schedule_periods(text, start, end)
    assert schedule.periods
    for a, b in schedule.periods:
        assert b is not None and start <= a < b <= end
    assert list(schedule.periods) == sorted(schedule.periods)


def test_written_notams_carry_their_periods_and_refuse_an_unreadable_schedule() -> None:
    from shapely.geometry import box

    from airspace.notam import Notam

    area = box(124.0, 35.0, 125.0, 36.0)
    written = Notam.from_area(
        "RKRR", area, t("2601010000"), t("2601030600"), "SFC", "UNL", schedule="DAILY 0100-0600"
    )
    assert hm(written.periods) == ["01 0100-01 0600", "02 0100-02 0600", "03 0100-03 0600"]
    assert parse_notam(str(written)) == written
    with pytest.raises(ValueError, match="not understood"):
        Notam.from_area(
            "RKRR", area, t("2601010000"), t("2601030600"), "SFC", "UNL", schedule="WHEN NEEDED"
        )
