"""The Wikidata item a record may name: one optional field and one constraint, shared by countries,
organisations, people and events."""

from django.db import models
from django.db.models import Q

from tracker.domain.identities import wikidata_qid_validator


def wikidata_field() -> models.CharField:
    """An optional Wikidata item identifier (Q42): blank when unknown, else one record's alone."""
    return models.CharField(
        "Wikidata QID",
        max_length=13,
        blank=True,
        validators=[wikidata_qid_validator],
        help_text="The Wikidata item, e.g. Q884 for South Korea; blank when unknown",
    )


def unique_wikidata_qid(model_name: str) -> models.UniqueConstraint:
    """Two records never claim one Wikidata item; many may leave it blank."""
    return models.UniqueConstraint(
        fields=["wikidata_qid"],
        condition=~Q(wikidata_qid=""),
        name=f"{model_name}_wikidata_qid_unique",
        violation_error_message="Another record already has this Wikidata QID.",
    )
