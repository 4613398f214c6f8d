"""Provinces, districts and communes of Việt Nam, before and after the 2025 merger.

Read from ``archive/data/gazetteer.json`` (generated from the vietnamadminunits
package by ``scripts/build_gazetteer.py``). The same file feeds the data
migration that creates ``Province`` rows and the importer, which matches place
names in pages without touching the database. The data never changes while the
archive runs, so it is loaded once per process.
"""

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.json"


@dataclass(frozen=True)
class Place:
    slug: str
    code: str
    name: str
    short_name: str
    kind: str  # "province" or "city" (thành phố trực thuộc trung ương)
    valid_from: dt.date | None
    valid_to: dt.date | None
    aliases: tuple[str, ...]
    needs_prefix: bool
    lat: float | None
    lon: float | None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Unit:
    """A district or commune, and the province it belonged to."""

    type: str  # Huyện, Quận, Thị xã, Thành phố, Xã, Phường, Thị trấn, Đặc khu
    name: str
    province_slug: str


@dataclass(frozen=True)
class Gazetteer:
    merger_effective: dt.date
    places: dict[str, Place]
    successor_of: dict[str, str]  # legacy slug -> 2025 slug, for merged provinces only
    districts: tuple[Unit, ...]
    legacy_wards: tuple[Unit, ...]
    current_wards: tuple[Unit, ...]
    predecessors_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def last_legacy_day(self) -> dt.date:
        return self.merger_effective - dt.timedelta(days=1)

    def legacy(self) -> list[Place]:
        """The 63 provinces and cities as they were until 30 June 2025."""
        return [p for p in self.places.values() if p.valid_on(self.last_legacy_day)]

    def current(self) -> list[Place]:
        """The 34 provinces and cities since 1 July 2025."""
        return [p for p in self.places.values() if p.valid_to is None]

    def in_force(self, slug: str, on: dt.date | None) -> str:
        """The province in force on a date for a legacy or current slug.

        A legacy province after the merger becomes its successor; a date before
        the merger (or no date) keeps the legacy one.
        """
        if on is not None and on >= self.merger_effective:
            return self.successor_of.get(slug, slug)
        return slug


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def read(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def load() -> Gazetteer:
    data = read()
    places = {
        p["slug"]: Place(
            slug=p["slug"],
            code=p["code"],
            name=p["name"],
            short_name=p["short_name"],
            kind=p["kind"],
            valid_from=_date(p["valid_from"]),
            valid_to=_date(p["valid_to"]),
            aliases=tuple(p["aliases"]),
            needs_prefix=p["needs_prefix"],
            lat=p["lat"],
            lon=p["lon"],
        )
        for p in data["provinces"]
    }
    successor_of = {s["predecessor"]: s["successor"] for s in data["successions"]}
    predecessors: dict[str, list[str]] = {}
    for old, new in successor_of.items():
        predecessors.setdefault(new, []).append(old)
    return Gazetteer(
        merger_effective=dt.date.fromisoformat(data["merger_effective"]),
        places=places,
        successor_of=successor_of,
        districts=tuple(Unit(*row) for row in data["districts"]),
        legacy_wards=tuple(Unit(*row) for row in data["legacy_wards"]),
        current_wards=tuple(Unit(*row) for row in data["current_wards"]),
        predecessors_of={new: tuple(olds) for new, olds in predecessors.items()},
    )
