"""A posture's recommendation: the stretches recommended from what is known at launch, the
narrower set once the impacts are observed, and how the one became the other.

``recommend`` takes every source's threat corridors: the ``launch`` stage from each source's
launch-time corridor, the ``impact`` stage from each launch's observed corridor (activities keep
their launch-time one: nothing about them is observed).  The observed corridors lie inside the
launch-time ones, so the impact stage never closes a leg the launch stage does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import shapely

from airspace.hazard import HazardVolume, Stage, Threat, area_km2
from airspace.network import RouteNetwork
from airspace.precaution.stretches import Stretch, recommend_stretches

Status = Literal["kept", "shortened", "dropped"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """What the observation does to one launch-time stretch: kept whole, shortened to the
    stretches in ``after``, or dropped."""

    before: Stretch
    status: Status
    after: tuple[Stretch, ...]

    @property
    def text(self) -> str:
        if self.status == "shortened":
            return f"{self.before.label}: shortened to {', '.join(s.label for s in self.after)}"
        return f"{self.before.label}: {self.status}"


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    """Recommended closures inside ``fir``: ``at_launch`` (before the impact is known) and
    ``at_impact`` (narrowed by the observed impacts; ``None`` when nothing is observed).
    ``basis`` chooses the ones that close airways in the advisory (``applied``)."""

    fir: str
    basis: Stage
    threats: tuple[Threat, ...]
    at_launch: tuple[Stretch, ...]
    at_impact: tuple[Stretch, ...] | None
    notes: tuple[str, ...] = ()

    @property
    def applied_stage(self) -> Stage:
        return "impact" if self.basis == "impact" and self.at_impact is not None else "launch"

    @property
    def applied(self) -> tuple[Stretch, ...]:
        """The stretches the advisory closes (and reroutes the flows round)."""
        if self.applied_stage == "impact" and self.at_impact is not None:
            return self.at_impact
        return self.at_launch

    @property
    def volumes(self) -> tuple[HazardVolume, ...]:
        """The applied stretches as airway closures (kind ``recommended``)."""
        return tuple(s.volume for s in self.applied)

    @property
    def stretches(self) -> tuple[Stretch, ...]:
        """Every stretch of both stages (launch stage first)."""
        return (*self.at_launch, *(self.at_impact or ()))

    def stage_threats(self, stage: Stage) -> tuple[Threat, ...]:
        """The corridors a stage rests on."""
        return _stage_threats(self.threats, stage)

    def area_km2(self, stage: Stage) -> float:
        """Area of the union of a stage's corridors (WGS84, km^2; all FIRs)."""
        areas = [t.volume.area for t in self.stage_threats(stage) if t.volume is not None]
        return area_km2(shapely.union_all(areas)) if areas else 0.0

    @property
    def changes(self) -> tuple[Change, ...]:
        """Per launch-time stretch, what the observed impacts leave of it (empty when nothing
        is observed)."""
        if self.at_impact is None:
            return ()
        return tuple(_change(s, self.at_impact) for s in self.at_launch)


def _change(before: Stretch, after: Sequence[Stretch]) -> Change:
    mine = set(before.segments)
    parts = tuple(s for s in after if s.route == before.route and mine & set(s.segments))
    left = {i for s in parts for i in s.segments} & mine
    status: Status = "dropped" if not left else ("kept" if left == mine else "shortened")
    return Change(before=before, status=status, after=parts)


def _stage_threats(threats: Sequence[Threat], stage: Stage) -> tuple[Threat, ...]:
    if stage == "launch":
        return tuple(t for t in threats if t.stage == "launch")
    observed = {t.source for t in threats if t.stage == "impact"}
    return tuple(
        t
        for t in threats
        if t.stage == "impact" or (t.stage == "launch" and t.source not in observed)
    )


def recommend(
    network: RouteNetwork, threats: Sequence[Threat], fir: str, basis: Stage
) -> Recommendation:
    """The recommendation of a posture for ``fir`` from the sources' corridors."""
    at_launch = recommend_stretches(network, _stage_threats(threats, "launch"), fir, "launch")
    observed = any(t.stage == "impact" for t in threats)
    at_impact = None
    if observed:
        found = recommend_stretches(network, _stage_threats(threats, "impact"), fir, "impact")
        at_impact = tuple(found)
    notes = [n for t in threats for n in t.notes]
    if basis == "impact" and not observed:
        notes.append(
            "basis 'impact' but no launch has an observed impact: the recommendation rests on "
            "what is known at launch"
        )
    return Recommendation(
        fir=fir,
        basis=basis,
        threats=tuple(threats),
        at_launch=tuple(at_launch),
        at_impact=at_impact,
        notes=tuple(notes),
    )


__all__ = ["Change", "Recommendation", "Status", "recommend"]
