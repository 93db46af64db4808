"""The documentation's examples are real: the annotated scenario validates as written."""

import re
from pathlib import Path

from airspace.scenario import parse_scenario_text

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
    ]
    assert scenario.output.buffer is not None and scenario.output.buffer.km == 10
