"""Hazards: from a scenario and its trajectories to closed airspace and NOTAM-ready zones.

* ``model``: ``HazardVolume`` (an area or an airway x ``Limits``, with why), settings, salvo merge;
* ``dispersion``: impact dispersion ellipses;
* ``launch``: a launch's impact area, corridors below the ceiling and stage drop zones;
* ``volumes``: a scenario's volumes (computed and declared);
* ``zones``: NOTAM-ready polygons (few vertices, whole arc-seconds) covering a hazard;
* ``closures``: closure zones per FIR with their NOTAMs;
* ``fan``, ``threats``: precautionary threat corridors (geodesic fans) of launches and launch
  activities under a posture.
"""

from airspace.hazard.closures import (
    NO_FIR,
    ClosureZone,
    NotamNumbers,
    closure_zones,
    volume_zones,
)
from airspace.hazard.dispersion import Dispersion
from airspace.hazard.fan import Arc, FanError, area_km2
from airspace.hazard.launch import impact_volume, launch_volumes
from airspace.hazard.model import HazardSettings, HazardVolume, RouteRef, VolumeKind, merge_salvo
from airspace.hazard.threats import (
    Source,
    Stage,
    Threat,
    ThreatError,
    source_threats,
    threat_sources,
)
from airspace.hazard.volumes import (
    declared,
    fir_mismatch,
    notam_reason,
    notam_volume,
    scenario_volumes,
    settings_for,
)

__all__ = [
    "NO_FIR",
    "Arc",
    "ClosureZone",
    "Dispersion",
    "FanError",
    "HazardSettings",
    "HazardVolume",
    "NotamNumbers",
    "RouteRef",
    "Source",
    "Stage",
    "Threat",
    "ThreatError",
    "VolumeKind",
    "area_km2",
    "closure_zones",
    "declared",
    "fir_mismatch",
    "impact_volume",
    "launch_volumes",
    "merge_salvo",
    "notam_reason",
    "notam_volume",
    "scenario_volumes",
    "settings_for",
    "source_threats",
    "threat_sources",
    "volume_zones",
]
