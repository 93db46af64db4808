"""Build ``geodata/firs.geojson``: one outline per ICAO FIR for the whole world.

Run by hand from the repository root when a source changes (a few seconds; needs shapely >= 2.2
with GEOS >= 3.14 for ``coverage_clean``):

    .venv/bin/python tools/build_firs.py

Inputs, copied into the repository with their licence (``geodata/sources/README.md``):

* ``geodata/sources/vatspy/Boundaries.geojson`` and ``VATSpy.dat`` (VATSpy Data Project, VATSIM,
  CC BY-SA 4.0): approximate outlines of FIRs and of their ATC sectors;
* ``geodata/sources/rkrr-eaip.geojson``: the official Incheon FIR (Korea eAIP ENR 2.1).

Steps, each deterministic (the tables of ``fir_tables.py`` say which outline feeds which FIR):

1. Every VATSpy outline is repaired (``shapely.make_valid``: every lobe of a self-intersecting
   ring kept) and assigned to one ICAO FIR: ``XXXX-SUFFIX`` sectors to ``XXXX``, ACC and TMA
   areas through ``PARENT``, Australian sectors to Melbourne or Brisbane by their name, virtual
   VATSIM groupings dropped.  VATSpy's own Incheon outlines give way to the official one.
2. Overlaps: the world is cut along every outline (noded on a 1e-6 degree grid) and each face
   goes to the outline containing it that ranks first: the official Incheon outline, then
   outlines VATSpy names by a plain id (a FIR, or an ACC area of one) before suffixed sectors,
   then the smaller area, then the lower FIR id; where ``SURFACE_FIR`` names a FIR drawn over
   another, the one starting at the surface keeps the shared area.
3. Gaps: a hole smaller than ``SLIVER_KM2`` joins the neighbour sharing the longest border with
   it (never the official Incheon outline); larger holes have no FIR and are listed in the file.
4. GEOS coverage cleaning closes the cracks (narrower than ``CRACK_DEG``) that snap-rounding
   leaves between neighbours, vertices go onto the 1e-6 degree grid (about 0.1 m) and the result
   is checked to be a valid polygon coverage.  Overlaps and gaps are then measured with
   floating-point overlays (km^2, geodesic on WGS84) and written into the file's ``properties``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import shapely
from fir_tables import DROPPED, NAMES, OCEANIC_FIR, PARENT, SURFACE_FIR
from pyproj import Geod
from shapely.geometry import GeometryCollection, MultiPolygon, Polygon, box, mapping, shape
from shapely.geometry.base import BaseGeometry

ROOT: Final = Path(__file__).resolve().parent.parent
SOURCES: Final = ROOT / "geodata" / "sources"
INPUTS: Final = (SOURCES / "vatspy" / "Boundaries.geojson", SOURCES / "vatspy" / "VATSpy.dat")
VATSPY_DIR: Final = SOURCES / "vatspy"
OFFICIAL_FILE: Final = SOURCES / "rkrr-eaip.geojson"
OUTPUT: Final = ROOT / "geodata" / "firs.geojson"

SNAPSHOT: Final = "2026-08-07 (commit 9f8d09c, boundaries to AIRAC 2608)"
ATTRIBUTION: Final = "VATSpy Data Project (VATSIM), CC BY-SA 4.0"
APPROXIMATE: Final = "approximate, for planning and illustration"
SLIVER_KM2: Final = 10_000.0
GRID_DEG: Final = 1e-6
CRACK_DEG: Final = 1e-4
GEOD: Final = Geod(ellps="WGS84")
WORLD: Final = box(-180.0, -90.0, 180.0, 90.0)


@dataclass(frozen=True, kw_only=True)
class Piece:
    """One repaired VATSpy outline and the FIR it belongs to."""

    vatspy_id: str
    fir: str
    geometry: BaseGeometry
    area_km2: float


def area_km2(geom: BaseGeometry) -> float:
    """Geodesic area on WGS84 of a lon/lat area whose edges are straight in lon/lat."""
    if geom.is_empty:
        return 0.0
    dense = shapely.segmentize(geom, 0.25)  # edges along parallels stay along them
    return float(sum(abs(GEOD.geometry_area_perimeter(p)[0]) for p in polygons(dense))) / 1e6


def polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons in any geometry (lines and points a repair may leave are dropped)."""
    found: list[Polygon] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            found.extend([part] if not part.is_empty else [])
        elif isinstance(part, MultiPolygon | GeometryCollection):
            found.extend(polygons(part))
    return found


def polygonal(geom: BaseGeometry) -> BaseGeometry:
    """A valid (Multi)Polygon: ``make_valid`` keeps every lobe of a self-intersecting ring."""
    parts = polygons(shapely.make_valid(geom) if not geom.is_valid else geom)
    return shapely.union_all(parts, grid_size=GRID_DEG) if parts else Polygon()


def read_dat_names(text: str) -> dict[str, str]:
    """Boundary id -> name from ``[FIRs]`` (the row whose ICAO equals the boundary id first)."""
    section = ""
    first: dict[str, str] = {}
    exact: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip()
        elif section == "[FIRs]" and line.strip() and not line.startswith(";"):
            icao, name, _prefix, boundary = [*line.split("|"), "", "", ""][:4]
            first.setdefault(boundary, name)
            if icao == boundary:
                exact.setdefault(boundary, name)
    return first | exact


def clean_name(raw: str) -> str:
    """The FIR's own name: ``Bangkok ACC - Bangkok`` -> ``Bangkok``, ``Juba (Up to FL245)`` ->
    ``Juba``."""
    last = raw.split(" - ")[-1]
    return re.sub(r"\s*\([^)]*\)", "", last).strip()


def fir_of(vatspy_id: str, oceanic: bool, name: str) -> str | None:
    """The ICAO FIR a VATSpy outline belongs to, or ``None`` when it is dropped."""
    base = vatspy_id.split("-")[0]
    if base in DROPPED or vatspy_id in DROPPED:
        return None
    if oceanic and vatspy_id in OCEANIC_FIR:
        return OCEANIC_FIR[vatspy_id]
    if vatspy_id in PARENT:
        return PARENT[vatspy_id]
    if base in PARENT:
        return PARENT[base]
    if base.startswith("Y") and len(base) == 4:  # Australian sectors: "Melbourne (...)"
        if name.startswith("Melbourne"):
            return "YMMM"
        if name.startswith("Brisbane"):
            return "YBBB"
        raise ValueError(f"Australian sector {vatspy_id} ({name!r}) is neither YMMM nor YBBB")
    return base


def load_pieces(
    boundaries: dict[str, Any], names: dict[str, str]
) -> tuple[list[Piece], dict[str, str]]:
    """Repaired outlines with their FIR; also the reasons features were set aside."""
    features = boundaries["features"]
    counts: dict[str, int] = defaultdict(int)
    for f in features:
        counts[f["properties"]["id"]] += 1
    pieces: list[Piece] = []
    set_aside: dict[str, str] = {}
    for f in features:
        props = f["properties"]
        ident = str(props["id"])
        geom = snapped(polygonal(shape(f["geometry"])))
        label = shapely.Point(float(props["label_lon"]), float(props["label_lat"]))
        if counts[ident] > 1 and not geom.contains(label):
            # CZQM and CZQX each carry the other's outline as a second feature
            set_aside[f"{ident} (second outline)"] = "duplicate id whose label lies outside it"
            continue
        name = names.get(ident, ident)
        fir = fir_of(ident, props.get("oceanic") == "1", name)
        if fir is None:
            set_aside[ident] = DROPPED.get(ident, DROPPED.get(ident.split("-")[0], ""))
            continue
        if fir == "RKRR":
            set_aside[ident] = "replaced by the official Incheon FIR outline"
            continue
        pieces.append(Piece(vatspy_id=ident, fir=fir, geometry=geom, area_km2=area_km2(geom)))
    return pieces, set_aside


def rank_key(piece: Piece) -> tuple[int, float, str]:
    """Overlap precedence, lowest first: outlines VATSpy names by an ICAO id (a FIR, or an ACC
    area it assigns to a FIR) before suffixed sub-sectors, then the smaller area, then the id."""
    return ("-" in piece.vatspy_id, piece.area_km2, piece.fir)


def faces(pieces: Sequence[Piece], official: BaseGeometry) -> list[Polygon]:
    """The world cut along every outline's edge (noded on the grid): neighbouring faces share
    identical edges, so FIRs made of whole faces meet without overlap or gap."""
    lines = [official.boundary, WORLD.boundary, *(p.geometry.boundary for p in pieces)]
    noded = shapely.union_all(lines, grid_size=GRID_DEG)
    return polygons(shapely.polygonize(shapely.get_parts(noded)))


def resolve_overlaps(
    pieces: Sequence[Piece], official: BaseGeometry
) -> tuple[dict[str, BaseGeometry], list[Polygon]]:
    """FIR outlines: each face of the cut world goes to the piece containing it that ranks first
    (``rank_key``; the official outline before all), except that a FIR in ``SURFACE_FIR`` takes
    what it shares with the FIR drawn above it; also the holes no piece covers."""
    order = sorted(range(len(pieces)), key=lambda i: (rank_key(pieces[i]), i))
    candidates = [official, *(pieces[i].geometry for i in order)]
    owner = ["RKRR", *(pieces[i].fir for i in order)]  # index = rank: lower wins
    source = ["RKRR", *(pieces[i].vatspy_id for i in order)]
    cells = faces(pieces, official)
    inside = shapely.point_on_surface(np.array(cells, dtype=object))
    cell_idx, rank = shapely.STRtree(candidates).query(inside, predicate="within")
    found: dict[int, list[int]] = defaultdict(list)
    for c, r in zip(cell_idx.tolist(), rank.tolist(), strict=True):
        found[c].append(r)
    parts: dict[str, list[Polygon]] = defaultdict(list)
    holes: list[Polygon] = []
    for c, cell in enumerate(cells):
        if c not in found:
            holes.append(cell)
            continue
        below = {source[r]: owner[r] for r in found[c]}
        fir = owner[min(found[c])]
        fir = next((below[low] for (up, low) in SURFACE_FIR if up == fir and low in below), fir)
        parts[fir].append(cell)
    outlines = {fir: shapely.union_all(g, grid_size=GRID_DEG) for fir, g in parts.items()}
    return outlines, polygons(shapely.union_all(holes, grid_size=GRID_DEG))


def shared_border_m(hole: BaseGeometry, neighbour: BaseGeometry) -> float:
    """Geodesic length of the hole's edge that runs along the neighbour (within 1e-6 deg: the
    overlay of two outlines does not always give bit-identical shared edges)."""
    x0, y0, x1, y1 = hole.bounds
    near = shapely.clip_by_rect(neighbour, x0 - 0.01, y0 - 0.01, x1 + 0.01, y1 + 0.01)
    along = hole.boundary.intersection(near.buffer(GRID_DEG))
    if along.is_empty:
        return 0.0
    return float(GEOD.geometry_length(shapely.segmentize(along, 0.25)))


def fill_gaps(
    outlines: dict[str, BaseGeometry], holes: Sequence[Polygon], fixed: Iterable[str]
) -> tuple[dict[str, BaseGeometry], list[Polygon], list[tuple[str, float]]]:
    """Slivers between FIRs joined to the neighbour with the longest shared border (not to the
    ``fixed`` ones); larger holes returned as no-FIR areas."""
    ids = sorted(outlines)
    geoms = np.array([outlines[i] for i in ids], dtype=object)
    tree = shapely.STRtree(geoms)
    extra: dict[str, list[BaseGeometry]] = defaultdict(list)
    no_fir: list[Polygon] = []
    filled: list[tuple[str, float]] = []
    fixed_set = set(fixed)
    for hole in holes:
        size = area_km2(hole)
        if size >= SLIVER_KM2:
            no_fir.append(hole)
            continue
        near = [int(j) for j in tree.query(hole.buffer(GRID_DEG), predicate="intersects")]
        borders = [(shared_border_m(hole, geoms[j]), ids[j]) for j in near]
        borders = [b for b in borders if b[0] > 0.0 and b[1] not in fixed_set]
        if not borders:
            no_fir.append(hole)
            continue
        best = min(borders, key=lambda b: (-b[0], b[1]))[1]  # longest border, then lower id
        extra[best].append(hole)
        filled.append((best, size))
    result = {
        fir: polygonal(shapely.union_all([geom, *extra.get(fir, [])], grid_size=GRID_DEG))
        for fir, geom in outlines.items()
    }
    return result, no_fir, filled


def snapped(geom: BaseGeometry) -> BaseGeometry:
    """Vertices on the ``GRID_DEG`` grid, still valid (``set_precision`` repairs as it snaps)."""
    return polygonal(shapely.set_precision(geom, GRID_DEG))


def uncovered(geoms: Sequence[BaseGeometry]) -> list[Polygon]:
    """The parts of the world no geometry covers (floating-point overlay, nothing snapped)."""
    return polygons(WORLD.difference(shapely.union_all(list(geoms))))


def cleaned(outlines: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Shared edges made identical (GEOS coverage cleaning: snap-rounding leaves cracks far
    below a metre wide) and every vertex on the 1e-6 degree grid of the written file."""
    ids = sorted(outlines)
    geoms = np.array([outlines[i] for i in ids], dtype=object)
    clean = shapely.coverage_clean(geoms, gap_width=CRACK_DEG)
    on_grid = shapely.set_precision(clean, GRID_DEG, mode="pointwise")
    final = shapely.set_precision(on_grid, 0.0, mode="pointwise")  # later overlays in floats
    if not (shapely.is_valid(final).all() and shapely.coverage_is_valid(final)):
        raise RuntimeError("the cleaned layer is not a valid polygon coverage")
    return dict(zip(ids, final, strict=True))


def overlaps_km2(outlines: dict[str, BaseGeometry]) -> list[tuple[str, str, float]]:
    """Every pair of FIRs whose interiors overlap, with the overlap's area."""
    ids = sorted(outlines)
    geoms = np.array([outlines[i] for i in ids], dtype=object)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pairs = [(int(a), int(b)) for a, b in zip(left, right, strict=True) if a < b]
    found = [(ids[a], ids[b], area_km2(geoms[a].intersection(geoms[b]))) for a, b in pairs]
    return [f for f in found if f[2] > 0.0]


def airport_agreement(outlines: dict[str, BaseGeometry], text: str, names: dict[str, str]) -> str:
    """How often the layer puts an airport of ``[Airports]`` in the FIR VATSpy.dat names for it
    (a consistency check: VATSpy assigns airports by the ATC unit that works them)."""
    section, rows = "", []
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip()
        elif section == "[Airports]" and line.strip() and not line.startswith(";"):
            _icao, _name, lat, lon, _iata, boundary, pseudo = [*line.split("|"), "", ""][:7]
            expected = fir_of(boundary, False, names.get(boundary, boundary)) if boundary else None
            if pseudo.strip() == "0" and expected is not None:
                rows.append(
                    (float(lon), float(lat), "RKRR" if boundary[:4] == "RKDA" else expected)
                )
    ids = sorted(outlines)
    tree = shapely.STRtree(np.array([outlines[i] for i in ids], dtype=object))
    points = shapely.points([(lon, lat) for lon, lat, _ in rows])
    point_idx, fir_idx = tree.query(points, predicate="intersects")
    found = {int(p): ids[int(f)] for p, f in zip(point_idx, fir_idx, strict=True)}
    same = sum(found.get(i) == row[2] for i, row in enumerate(rows))
    return f"{same} of {len(rows)} ({100.0 * same / len(rows):.1f} %)"


def fir_name(fir: str, names: dict[str, str]) -> str:
    base = NAMES.get(fir) or clean_name(names.get(fir, fir))
    return base if base.endswith("FIR") else f"{base} FIR"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rounded(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry with coordinates written to 6 decimals (the snapping grid)."""
    result: dict[str, Any] = json.loads(
        json.dumps(mapping(geom)), parse_float=lambda s: round(float(s), 6)
    )
    return result


def build() -> dict[str, Any]:
    dat = (VATSPY_DIR / "VATSpy.dat").read_text(encoding="utf-8")
    names = read_dat_names(dat)
    boundaries = json.loads((VATSPY_DIR / "Boundaries.geojson").read_text(encoding="utf-8"))
    official_doc = json.loads(OFFICIAL_FILE.read_text(encoding="utf-8"))
    official_feature = official_doc["features"][0]
    official = snapped(shape(official_feature["geometry"]))
    repaired = sum(not shape(f["geometry"]).is_valid for f in boundaries["features"])

    pieces, set_aside = load_pieces(boundaries, names)
    outlines, holes = resolve_overlaps(pieces, official)
    outlines, no_fir, filled = fill_gaps(outlines, holes, fixed=["RKRR"])
    outlines = cleaned(outlines)

    overlaps = overlaps_km2(outlines)
    holes = uncovered(list(outlines.values()))
    gaps = [h for h in holes if not any(h.intersects(n) for n in no_fir)]
    no_fir_now = [h for h in holes if any(h.intersects(n) for n in no_fir)]
    official_offset_deg = outlines["RKRR"].boundary.hausdorff_distance(official.boundary)
    members: dict[str, list[str]] = defaultdict(list)
    for piece in pieces:
        if piece.vatspy_id not in members[piece.fir]:
            members[piece.fir].append(piece.vatspy_id)

    features = []
    for fir in sorted(outlines):
        if fir == "RKRR":
            props = dict(official_feature["properties"])
        else:
            props = {
                "id": fir,
                "name": fir_name(fir, names),
                "accuracy": "approximate",
                "source": f"{ATTRIBUTION}, snapshot {SNAPSHOT}; {APPROXIMATE}",
                "vatspy": sorted(members[fir]),
            }
        features.append(
            {"type": "Feature", "id": fir, "properties": props, "geometry": rounded(outlines[fir])}
        )
    stats = {
        "vatspy_features": len(boundaries["features"]),
        "repaired_invalid": repaired,
        "set_aside": dict(sorted(set_aside.items())),
        "firs": len(features),
        "sliver_km2_limit": SLIVER_KM2,
        "slivers_filled": len(filled),
        "slivers_filled_km2": round(sum(a for _, a in filled), 1),
        "largest_sliver_km2": round(max((a for _, a in filled), default=0.0), 1),
        "overlap_pairs": len(overlaps),
        "overlap_total_km2": round(sum(a for *_, a in overlaps), 6),
        "overlap_max_km2": round(max((a for *_, a in overlaps), default=0.0), 6),
        "gap_parts": len(gaps),
        "gap_total_km2": round(sum(area_km2(g) for g in gaps), 6),
        "vatspy_airports_in_their_fir": airport_agreement(outlines, dat, names),
        "rkrr_offset_from_official_deg": float(f"{official_offset_deg:.2g}"),
    }
    return {
        "type": "FeatureCollection",
        "name": "firs",
        "properties": {
            "title": "Flight information regions of the world (one outline per ICAO FIR)",
            "source": f"{ATTRIBUTION}, snapshot {SNAPSHOT}; Incheon (RKRR): Korea eAIP ENR 2.1",
            "licence": "CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), derived "
            "from the VATSpy Data Project and shared under the same licence",
            "accuracy": f"{APPROXIMATE}; not official except where a feature says so",
            "built_by": "tools/build_firs.py",
            "inputs_sha256": {
                str(p.relative_to(ROOT)): sha256(p) for p in (*INPUTS, OFFICIAL_FILE)
            },
            "no_fir_areas": [
                {"bbox": [round(c, 3) for c in h.bounds], "area_km2": round(area_km2(h))}
                for h in sorted(no_fir_now, key=lambda h: -area_km2(h))
            ],
            "stats": stats,
        },
        "features": features,
    }


def write(doc: dict[str, Any], path: Path) -> None:
    """The collection with one feature per line (readable diffs when the sources change)."""
    head = {k: v for k, v in doc.items() if k != "features"}
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in doc["features"]]
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    path.write_text(text + ',\n "features": [\n' + ",\n".join(lines) + "\n]}\n", "utf-8")


def main(argv: Sequence[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    doc = build()
    write(doc, out)
    json.loads(out.read_text(encoding="utf-8"))  # the file parses
    stats = doc["properties"]["stats"]
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")
    for key, value in stats.items():
        if key != "set_aside":
            print(f"  {key}: {value}")
    for area in doc["properties"]["no_fir_areas"]:
        print(f"  no FIR: bbox {area['bbox']}, {area['area_km2']} km2")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
