"""Drawing the provinces on an SVG map from their gazetteer coordinates.

No tiles and no outlines: each province is a point at its centre, sized by its
number of articles. An equirectangular projection is enough at the scale of
one country; longitudes are shortened by the cosine of the middle latitude so
that the country keeps its shape.
"""

import math
from dataclasses import dataclass

from archive.models import Province


@dataclass(frozen=True)
class Frame:
    """The part of the earth a map shows, in degrees."""

    west: float
    east: float
    south: float
    north: float


# Mainland Việt Nam with a margin; the island districts lie outside and are
# not provinces of their own.
VIETNAM = Frame(west=102.0, east=109.8, south=8.3, north=23.6)


def aspect(frame: Frame) -> float:
    """Height over width of the projected frame."""
    middle = math.radians((frame.north + frame.south) / 2)
    return (frame.north - frame.south) / ((frame.east - frame.west) * math.cos(middle))


def project(latitude: float, longitude: float, *, frame: Frame = VIETNAM, width: float = 400) -> tuple[float, float]:
    """SVG coordinates (x to the right, y downwards) of a point, on a map ``width``
    units wide and ``width * aspect(frame)`` high."""
    height = width * aspect(frame)
    x = (longitude - frame.west) / (frame.east - frame.west) * width
    y = (frame.north - latitude) / (frame.north - frame.south) * height
    return round(x, 1), round(y, 1)


def radius(count: int, largest: int, *, smallest: float = 3.0, biggest: float = 18.0) -> float:
    """A circle's radius whose area grows with ``count`` (the eye compares areas);
    a province without articles keeps the smallest circle, so it can still be seen and clicked."""
    if count <= 0 or largest <= 0:
        return smallest
    return round(smallest + (biggest - smallest) * math.sqrt(count / largest), 1)


@dataclass
class MapPoint:
    province: Province
    count: int
    x: float
    y: float
    r: float


def points(provinces: list[Province], counts: dict[int, int], *, width: float = 400) -> list[MapPoint]:
    """The provinces that have coordinates, largest circles first so that smaller
    ones are drawn over them and stay clickable."""
    largest = max(counts.values(), default=0)
    drawn = []
    for province in provinces:
        if province.latitude is None or province.longitude is None:
            continue
        x, y = project(province.latitude, province.longitude, width=width)
        count = counts.get(province.pk, 0)
        drawn.append(MapPoint(province, count, x, y, radius(count, largest)))
    return sorted(drawn, key=lambda point: (-point.r, point.province.unaccented_name))


def parallels(*, frame: Frame = VIETNAM, width: float = 400, step: int = 5) -> list[tuple[int, float]]:
    """(latitude, y) of the whole parallels every ``step`` degrees inside the frame, for a light grid."""
    first = math.ceil(frame.south / step) * step
    return [
        (latitude, project(latitude, frame.west, frame=frame, width=width)[1])
        for latitude in range(first, math.floor(frame.north) + 1, step)
    ]
