"""One variant of a sweep, run wherever it is sent: this process, a worker process, a Dask
worker.  Each process keeps its route networks and parsed base scenarios (``warm``), so the
network is loaded once per worker, never per variant; what comes back is a small summary.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from airspace.advisory import Advisory, build
from airspace.errors import InputError
from airspace.network import RouteNetwork
from airspace.preflight import scenario_network
from airspace.scenario import Scenario
from airspace.scenario.loader import validate_scenario
from airspace.scenario.yamltext import Document
from airspace.sweeps.spec import Base, Variant, apply, scenario_document

_LOCK = threading.Lock()
_NETWORKS: dict[tuple[str, ...], RouteNetwork] = {}
_DOCUMENTS: dict[tuple[str, str], Document] = {}


@dataclass(frozen=True, slots=True, kw_only=True)
class FlowOutcome:
    """A flow in one variant: hit or not, and the suggested reroute's extra NM and minutes
    (``None`` when the flow is hit and no way round was found; 0 when it is not hit)."""

    flow_id: str
    affected: bool
    extra_nm: float | None
    extra_min: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class VariantResult:
    """What a sweep keeps of one variant's advisory, or the error that stopped it: an input
    error (an impossible trajectory, say) or, with ``internal``, a fault of the engine."""

    index: int
    error: str | None = None
    internal: bool = False
    closed: tuple[int, ...] = ()
    airways: tuple[str, ...] = ()
    zones: int = 0
    flows: tuple[FlowOutcome, ...] = ()
    impacts: tuple[tuple[str, float, float], ...] = ()
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def network_key(scenario: Scenario, override: tuple[str, ...]) -> tuple[str, ...]:
    """What identifies the route network a variant runs on (absolute paths)."""
    if override:
        return override
    base = Path(scenario.file).parent
    return tuple(
        p.lower() if p.lower() in ("default", "bundled") else str((base / p).resolve())
        for p in scenario.network
    ) or ("default",)


def network_for(scenario: Scenario, override: tuple[str, ...] = ()) -> RouteNetwork:
    """The variant's route network, loaded once per process."""
    key = network_key(scenario, override)
    with _LOCK:
        found = _NETWORKS.get(key)
    if found is None:
        found = RouteNetwork.load(list(override)) if override else scenario_network(scenario)
        with _LOCK:
            _NETWORKS[key] = found
    return found


def _document(base: Base) -> Document:
    key = (base.file, base.text)
    with _LOCK:
        found = _DOCUMENTS.get(key)
    if found is None:
        found = scenario_document(base)
        with _LOCK:
            _DOCUMENTS[key] = found
    return found


def variant_scenario(variant: Variant, bases: tuple[Base, ...]) -> Scenario:
    """The variant as a validated scenario (its base with the variant's launch values)."""
    base = bases[variant.base]
    document = _document(base)
    data = apply(document.data, variant) if variant.params else document.data
    return validate_scenario(data, document.lines, base.file)


def warm(bases: tuple[Base, ...], network: tuple[str, ...] = ()) -> None:
    """Load every base's route network and parse every base scenario in this process."""
    for base in bases:
        scenario = validate_scenario(_document(base).data, _document(base).lines, base.file)
        network_for(scenario, network)


def run_variant(
    variant: Variant, bases: tuple[Base, ...], network: tuple[str, ...] = ()
) -> VariantResult:
    """Build the variant's advisory and keep its summary; input errors are kept as text."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        scenario = variant_scenario(variant, bases)
        advisory = build(scenario, network_for(scenario, network))
        result = summarise(advisory, variant.index)
    except InputError as exc:
        result = VariantResult(index=variant.index, error=str(exc))
    except Exception as exc:  # an engine fault in one variant: kept, counted and reported
        error = f"internal error: {type(exc).__name__}: {exc}"
        result = VariantResult(index=variant.index, error=error, internal=True)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return replace(result, seconds=seconds, cpu_seconds=cpu_seconds)


def summarise(advisory: Advisory, index: int) -> VariantResult:
    """The part of an advisory a sweep aggregates."""
    segments = advisory.affected_segments
    flows = []
    for result in advisory.computed.flows:
        best = result.reroutes[0] if result.reroutes else None
        hit = result.affected
        flows.append(
            FlowOutcome(
                flow_id=result.flow.id,
                affected=hit,
                extra_nm=(best.extra_nm if best else None) if hit else 0.0,
                extra_min=(best.extra_min if best else None) if hit else 0.0,
            )
        )
    return VariantResult(
        index=index,
        closed=tuple(sorted({int(s) for s in segments["segment"]})),
        airways=tuple(sorted({str(r) for r in segments["route"]})),
        zones=len(advisory.computed.zones),
        flows=tuple(flows),
        impacts=tuple(
            (lid, float(t.impact.lat), float(t.impact.lon))
            for lid, t in advisory.computed.trajectories.items()
        ),
    )
