"""What validation makes of a row and the later stages compare and write: a PlannedEvent with
its PlannedParticipants."""

import uuid
from dataclasses import dataclass, field
from typing import Any, NamedTuple


class PlannedParticipant(NamedTuple):
    person: int | str  # an id, or the slug of a person this import creates
    role: str
    position_id: int | None
    represented_country_id: str | None
    represented_organization_id: int | None

    def stored(self) -> dict[str, Any]:
        """The participation's columns besides the person, as the database holds them."""
        return {
            "role": self.role,
            "position_id": self.position_id,
            "represented_country_id": self.represented_country_id,
            "represented_organization_id": self.represented_organization_id,
        }


# A large file makes one plan per row: slots keep each one small.
@dataclass(slots=True)
class PlannedEvent:
    row: int
    uid: uuid.UUID
    title: str
    existing_id: int | None
    fields: dict[str, Any]
    parent_uid: uuid.UUID | None | bool  # False: the column is absent, leave the parent alone
    topics: frozenset[int] | None = None
    party_countries: frozenset[str] | None = None
    party_organizations: frozenset[int] | None = None
    participants: list[PlannedParticipant] | None = None
    citations: list[tuple] | None = None
    changes: list[str] = field(default_factory=list)
    event_id: int | None = None
    derived_slug: bool = False  # the slug comes from the title, so a clash gets a suffix rather than an error
