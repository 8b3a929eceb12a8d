"""The commune map: one point per commune at its centroid, coloured by the band its value falls in, drawn as SVG on
the server (no tiles, no script), with a legend and a table of the same numbers (decision 0167).

    from par.portal.map import build_map
    commune_map = build_map(communes, {unit.pk: value}, url=lambda unit: f"/somewhere/{unit.pk}/")
    # template: {% include "portal/_map.html" with map=commune_map %}

The centroids are the ward latitude and longitude of the `vietnamadminunits` data, looked up by the unit's code
(the code of a 2025 commune is the package's ward code), read once per process: drawing a map costs no query.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from par.orgunits.models import Unit
from par.orgunits.sources import SourceError, dataset_path

WIDTH = 600
PADDING = 20
RADIUS = 5
MIN_HEIGHT = 0.6  # of the width: a few points in a row still get a readable picture


@dataclass(frozen=True)
class Band:
    """A range of values drawn in one colour: from `low` (included) up to the next band's `low`."""

    css: str
    label: str | Promise
    low: Decimal
    colour: str


# For percentages (the on-time rate, the index in per cent): colours that read apart for colour-blind readers too
# (blue to orange, ColorBrewer "PuOr"), each band also named in the legend and the table.
PERCENT_BANDS: tuple[Band, ...] = (
    Band("band-high", _("90 % and above"), Decimal(90), "#2166ac"),
    Band("band-mid", _("from 70 % to under 90 %"), Decimal(70), "#92c5de"),
    Band("band-low", _("under 70 %"), Decimal(0), "#e66101"),
)
NO_DATA = Band("band-none", _("no data"), Decimal(0), "#bdbdbd")


@dataclass(frozen=True)
class MapPoint:
    unit_id: int
    name: str
    code: str
    latitude: float
    longitude: float
    x: float
    y: float
    value: Decimal | None
    band: Band
    url: str


@dataclass(frozen=True)
class CommuneMap:
    points: list[MapPoint]  # in the order of the units given
    unplaced: list[tuple[Unit, Decimal | None]]  # units with no centroid in the data: in the table only
    bands: Sequence[Band]
    no_data: Band
    width: int
    height: int
    title: str | Promise
    radius: int = RADIUS

    @property
    def rows(self) -> list[MapPoint]:
        """The table under the map: every placed point, by name."""
        return sorted(self.points, key=lambda p: p.name)


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    try:
        path = dataset_path()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            rows = conn.execute(
                "SELECT wardCode, wardLat, wardLon FROM admin_units WHERE wardLat IS NOT NULL"
            ).fetchall()
    except (SourceError, sqlite3.Error):
        return {}
    return {str(code): (float(lat), float(lon)) for code, lat, lon in rows}


def centroid(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of the commune with this code, or None when the data has none."""
    return _centroids().get(code)


def band_of(value: Decimal | None, bands: Sequence[Band] = PERCENT_BANDS) -> Band:
    if value is None:
        return NO_DATA
    for band in bands:  # highest first
        if value >= band.low:
            return band
    return bands[-1]


def build_map(
    units: Iterable[Unit],
    values: Mapping[int, Decimal | None],
    *,
    url: Callable[[Unit], str] | None = None,
    bands: Sequence[Band] = PERCENT_BANDS,
    title: str | Promise = "",
    width: int = WIDTH,
) -> CommuneMap:
    """Place each unit at its centroid, scaled to fit `width` (the height follows the area's shape), with the
    colour of its value's band; `url(unit)` is where clicking the point leads."""
    placed: list[tuple[Unit, float, float]] = []
    unplaced: list[tuple[Unit, Decimal | None]] = []
    for unit in units:
        found = centroid(unit.code)
        if found is None:
            unplaced.append((unit, values.get(unit.pk)))
        else:
            placed.append((unit, *found))
    height = width
    points: list[MapPoint] = []
    if placed:
        lats = [lat for _u, lat, _lon in placed]
        lons = [lon for _u, _lat, lon in placed]
        # Equirectangular, with longitude shrunk by the cosine of the middle latitude so that shapes keep their
        # proportions at Vietnam's latitudes; enough for points, with no base map to line up with.
        shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
        span_x = max((max(lons) - min(lons)) * shrink, 1e-6)
        span_y = max(max(lats) - min(lats), 1e-6)
        scale = (width - 2 * PADDING) / max(span_x, span_y)
        height = max(round(span_y * scale) + 2 * PADDING, round(width * MIN_HEIGHT))
        left = (width - span_x * scale) / 2
        top = (height - span_y * scale) / 2
        for unit, lat, lon in placed:
            value = values.get(unit.pk)
            points.append(
                MapPoint(
                    unit_id=unit.pk,
                    name=unit.name,
                    code=unit.code,
                    latitude=lat,
                    longitude=lon,
                    x=round(left + (lon - min(lons)) * shrink * scale, 1),
                    y=round(top + (max(lats) - lat) * scale, 1),
                    value=value,
                    band=band_of(value, bands),
                    url=url(unit) if url else "",
                )
            )
    return CommuneMap(
        points=points,
        unplaced=unplaced,
        bands=bands,
        no_data=NO_DATA,
        width=width,
        height=height,
        title=title,
    )
