"""Where the map looks and where its markers sit: the view fitted to the places, and neighbours moved
apart so that no marker hides another (Gyeongju under Busan, Nara under Osaka and Tokyo).
"""

import math
from collections.abc import Sequence

# The narrowest map a reader sees (a 390 px phone less the page's padding) and the map's height: the
# markers are spread for it, so they stay apart on every screen.
NARROWEST_MAP_PX = 340
MAP_HEIGHT_PX = 420
# Whole-world bounds: a view wider than this shows the whole globe, poles included, never cut.
WORLD_LON, WORLD_LAT = (-180.0, 180.0), (-90.0, 90.0)
# The smallest view, so one place is not shown at street level with no coastline around it.
MIN_LON_SPAN, MIN_LAT_SPAN = 24.0, 14.0
# Pixels left between two spread markers.
GAP_PX = 3
# Up to this many neighbours stand on a circle; more are laid out as a sunflower (a Fermat spiral),
# which packs them closely instead of on a ring that grows with their number.
RING_MOST = 7
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def fitted_view(latitudes: Sequence[float], longitudes: Sequence[float]) -> tuple[tuple, tuple]:
    """(longitude range, latitude range) around the places with a margin; the whole world when they
    span more than half of it."""
    if not latitudes:
        return WORLD_LON, WORLD_LAT
    west, east = min(longitudes), max(longitudes)
    south, north = min(latitudes), max(latitudes)
    lon_pad = max((east - west) * 0.15, (MIN_LON_SPAN - (east - west)) / 2, 4.0)
    lat_pad = max((north - south) * 0.15, (MIN_LAT_SPAN - (north - south)) / 2, 3.0)
    if east - west + 2 * lon_pad > 180 or north - south + 2 * lat_pad > 90:
        return WORLD_LON, WORLD_LAT
    lon = (max(west - lon_pad, -180.0), min(east + lon_pad, 180.0))
    lat = (max(south - lat_pad, -90.0), min(north + lat_pad, 90.0))
    return lon, lat


def spread(
    latitudes: Sequence[float], longitudes: Sequence[float], sizes: Sequence[float], view: tuple[tuple, tuple]
) -> tuple[list[float], list[float], list[bool]]:
    """Drawn positions for markers of diameter `sizes` (px): markers that would touch on the narrowest
    map are gathered with their neighbours and set around their common centre, each far enough from
    the next. Returns (latitudes, longitudes, moved) in the places' order; lone markers keep their place.

    Positions are reckoned on a plate carrée of the view, close enough to the map's projection over the
    regions where places crowd; the true coordinates stay in the hover and the table."""
    (west, east), (south, north) = view
    px_per_degree = min(NARROWEST_MAP_PX / (east - west), MAP_HEIGHT_PX / (north - south))
    points = [(lon * px_per_degree, -lat * px_per_degree) for lat, lon in zip(latitudes, longitudes, strict=True)]
    groups = _touching_groups(points, sizes)
    drawn = list(points)
    moved = [False] * len(points)
    for group in groups:
        if len(group) < 2:
            continue
        centre_x = sum(points[index][0] for index in group) / len(group)
        centre_y = sum(points[index][1] for index in group) / len(group)
        widest = max(sizes[index] for index in group) + GAP_PX
        for index, offset in zip(
            _arranged(group, points, centre_x, centre_y), _offsets(len(group), widest), strict=True
        ):
            drawn[index] = (centre_x + offset[0], centre_y + offset[1])
            moved[index] = True
    lats = [-y / px_per_degree for _, y in drawn]
    lons = [x / px_per_degree for x, _ in drawn]
    return lats, lons, moved


def _arranged(group: list[int], points: list, centre_x: float, centre_y: float) -> list[int]:
    """The group clockwise from the top by true bearing from its centre, so each marker keeps its side."""
    return sorted(group, key=lambda index: math.atan2(points[index][0] - centre_x, centre_y - points[index][1]))


def _offsets(count: int, distance: float) -> list[tuple[float, float]]:
    """`count` offsets (px) from a centre, each at least about `distance` from the others."""
    if count <= RING_MOST:
        # Neighbours on a circle are 2 R sin(π / n) apart.
        radius = distance / (2 * math.sin(math.pi / count))
        angles = [2 * math.pi * step / count for step in range(count)]
        return [(radius * math.sin(angle), -radius * math.cos(angle)) for angle in angles]
    # A sunflower's nearest neighbours are about 1.7 c apart for a spacing constant c.
    spacing = distance / 1.6
    return [
        (
            spacing * math.sqrt(step + 0.5) * math.sin(step * GOLDEN_ANGLE),
            -spacing * math.sqrt(step + 0.5) * math.cos(step * GOLDEN_ANGLE),
        )
        for step in range(count)
    ]


def _touching_groups(points: list[tuple[float, float]], sizes: Sequence[float]) -> list[list[int]]:
    """The markers in groups of those that touch, directly or through a neighbour (union-find)."""
    parent = list(range(len(points)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    # Markers can only touch within one cell of each other on a grid as wide as the largest reach, so
    # thousands of places cost a few comparisons each rather than every pair.
    cell = max(sizes, default=1) + GAP_PX
    cells: dict[tuple[int, int], list[int]] = {}
    for index, (x, y) in enumerate(points):
        cells.setdefault((int(x // cell), int(y // cell)), []).append(index)
    for (column, row), members in cells.items():
        neighbours = [
            other for dx in (-1, 0, 1) for dy in (-1, 0, 1) for other in cells.get((column + dx, row + dy), ())
        ]
        for first in members:
            for second in neighbours:
                if second <= first:
                    continue
                reach = (sizes[first] + sizes[second]) / 2 + GAP_PX
                if math.dist(points[first], points[second]) < reach:
                    parent[root(first)] = root(second)
    groups: dict[int, list[int]] = {}
    for index in range(len(points)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())
