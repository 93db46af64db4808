"""The documentation's examples are real: the annotated scenario validates as written."""

import re
from pathlib import Path

from airspace.network import RouteNetwork
from airspace.preflight import prepare
from airspace.scenario import load_scenario, parse_scenario_text

DOCS = Path(__file__).parents[1] / "docs"


def test_annotated_example_validates() -> None:
    text = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    scenario = parse_scenario_text(block.group(1), "docs/scenario-format.md")
    assert [launch.id for launch in scenario.launches] == ["SRBM-1", "SLV-1", "F9-1"]
    assert [closure.id for closure in scenario.closures] == [
        "B467-closure",
        "box",
        "ring",
        "pasted",
        "launch-notams",
    ]
    assert scenario.output.buffer is not None and scenario.output.buffer.km == 10


def test_the_notam_examples_read_as_the_docs_say(tmp_path: Path) -> None:
    """The pasted NOTAM and the file of NOTAMs of "Closures from NOTAMs", run through the
    preflight: ids, the one warning, the active periods."""
    text = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    section = text.split("## Closures from NOTAMs")[1]
    pasted = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    notams = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert pasted is not None and notams is not None
    (tmp_path / "notams").mkdir()
    (tmp_path / "notams" / "2023-09-10.txt").write_text(notams.group(1), encoding="utf-8")
    scenario = tmp_path / "day.yaml"
    scenario.write_text(
        "version: 1\nname: docs\n"
        + pasted.group(1).replace(
            "closures:\n",
            "closures:\n  - id: launch-notams\n    notams: notams/2023-09-10.txt\n",
            1,
        ),
        encoding="utf-8",
    )
    ready = prepare(load_scenario(scenario), RouteNetwork.default())
    ids = [v.id for v in ready.volumes]
    assert ids == ["A2550/23", "A0875/23", "A2802/23", "B3810/25", "RPHI-B3810"]
    (warning,) = ready.warnings
    assert str(warning).startswith(
        f"{scenario}:5: closures[0].notams: warning: {tmp_path / 'notams' / '2023-09-10.txt'}:24:"
        " A2802/23: item E): vertex list 'N3951E10103-N3919E10505-N3922E10222-N3954E10220' is "
        "not a simple polygon"
    )
    pasted_volume = ready.volumes[-1]
    assert [(a.hour, b.hour) for a, b in pasted_volume.limits.periods] == [(18, 21)] * 4
    assert pasted_volume.limits.periods_text == (
        "daily 1800-2100Z 2025-08-24 to 2025-08-27 (4 periods)"
    )
    by_id = {z.id: z for z in ready.zones}
    assert str(by_id["B3810/25"].notam).startswith("(B3810/25 NOTAMN")  # as given, brackets too
