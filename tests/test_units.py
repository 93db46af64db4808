"""Unit parsers: distances, levels and durations as written in scenario files."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from airspace.units import parse_distance, parse_duration, parse_level


@pytest.mark.parametrize(
    ("text", "metres", "unit"),
    [
        ("57 km", 57_000.0, "km"),
        ("35 NM", 64_820.0, "nm"),
        ("35nm", 64_820.0, "nm"),
        ("20 mi", 32_186.88, "mi"),
        ("500 m", 500.0, "m"),
        ("1.5 kilometres", 1_500.0, "km"),
        ("2 nautical miles", 3_704.0, "nm"),
    ],
)
def test_distances(text: str, metres: float, unit: str) -> None:
    distance = parse_distance(text)
    assert distance.metres == pytest.approx(metres)
    assert distance.unit == unit


@pytest.mark.parametrize("text", ["57", "57 parsecs", "km 57", "-3 km", "", "fifty km"])
def test_bad_distances(text: str) -> None:
    with pytest.raises(ValueError, match="distance"):
        parse_distance(text)


@pytest.mark.parametrize(
    ("text", "feet", "unit", "datum", "shown"),
    [
        ("FL350", 35_000.0, "FL", "STD", "FL350"),
        ("FL 050", 5_000.0, "FL", "STD", "FL050"),
        ("12000 ft", 12_000.0, "FT", "MSL", "12000 FT AMSL"),
        ("3000 m", 3000 / 0.3048, "M", "MSL", "3000 M AMSL"),
        ("1500 ft AGL", 1_500.0, "FT", "GND", "1500 FT AGL"),
        ("SFC", 0.0, "SFC", "GND", "SFC"),
        ("GND", 0.0, "SFC", "GND", "SFC"),
        ("UNL", None, "UNL", "MSL", "UNL"),
    ],
)
def test_levels(text: str, feet: float | None, unit: str, datum: str, shown: str) -> None:
    level = parse_level(text)
    assert level.feet == (pytest.approx(feet) if feet is not None else None)
    assert (level.unit, level.datum, str(level)) == (unit, datum, shown)


@pytest.mark.parametrize("text", ["FL35O", "350", "FL", "12000", "twelve ft", "-5 ft"])
def test_bad_levels(text: str) -> None:
    with pytest.raises(ValueError, match="level"):
        parse_level(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 min", timedelta(minutes=20)),
        ("PT20M", timedelta(minutes=20)),
        ("PT1H30M", timedelta(hours=1, minutes=30)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("1 h 30 min", timedelta(hours=1, minutes=30)),
        ("90 s", timedelta(seconds=90)),
        ("2 hours", timedelta(hours=2)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["20", "PT", "P", "20 minutes ago", "min 20", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False), st.sampled_from(["km", "NM", "mi"]))
def test_distance_text_round_trips(value: float, unit: str) -> None:
    distance = parse_distance(f"{value:.3f} {unit}")
    assert parse_distance(str(distance)).metres == pytest.approx(distance.metres, rel=1e-5)


@given(st.integers(min_value=0, max_value=999))
def test_flight_levels_are_hundreds_of_feet(fl: int) -> None:
    level = parse_level(f"FL{fl:03d}")
    assert level.feet == fl * 100
    assert level.flight_level == fl
