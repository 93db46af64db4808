"""Precautionary closures: what a posture recommends closing before (and after) the impact is
known.

* ``stretches``: whole airway stretches between fixes inside the authority's FIR that the threat
  corridors reach, ranked by the share of the stretch they cover;
* ``recommend``: the launch-time and observed recommendations and how the one narrows into the
  other;
* ``frames``: the tables: threat corridors, recommendations, narrowing, and declared closures
  beside recommended ones.
"""

from airspace.precaution.frames import (
    comparison_frame,
    narrowing_frame,
    recommendations_frame,
    threats_frame,
)
from airspace.precaution.recommend import Change, Recommendation, Status, recommend
from airspace.precaution.stretches import (
    Stretch,
    recommend_stretches,
    stretch_segments,
    with_stretches,
)

__all__ = [
    "Change",
    "Recommendation",
    "Status",
    "Stretch",
    "comparison_frame",
    "narrowing_frame",
    "recommend",
    "recommend_stretches",
    "recommendations_frame",
    "stretch_segments",
    "threats_frame",
    "with_stretches",
]
