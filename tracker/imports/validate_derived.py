"""The columns an export derives, read back: the kind's CAMEO and PLOVER codes and the involved
countries. They are never written (the database derives them again), so a change made to one in a
spreadsheet would be lost without a word: it is a row error naming the column. What a spreadsheet
does on its own is tolerated: CAMEO 040 read as the number 40, a PLOVER word in another case."""

from tracker.imports.planned import PlannedEvent
from tracker.models import KIND_CODES


def derived_cell_errors(row: dict, present: set[str], fields: dict, planned: PlannedEvent) -> list[tuple[str, str]]:
    """(column, reason) for each derived cell that disagrees with what it is derived from."""
    problems = []
    codes = KIND_CODES.get(fields["kind"])
    for position, name in enumerate(("cameo", "plover_type", "plover_mode")):
        given = str(row.get(name) or "").strip()
        if codes is None or name not in present or not given or _same_code(given, codes[position], name):
            continue
        problems.append(
            (
                name,
                f"'{given}' is not the {name} of the kind {fields['kind']} ({codes[position] or 'none'}); "
                "it follows the kind, so change the kind instead",
            )
        )
    if not {"countries", "party_countries", "host_country", "participants"} <= present:
        return problems
    given_countries = {str(code).strip().upper() for code in row["countries"] or [] if str(code).strip()}
    derived = set(planned.party_countries or ()) | {fields.get("host_country_id")}
    derived.update(item.represented_country_id for item in planned.participants or [])
    derived.discard(None)
    if given_countries != derived:
        problems.append(
            (
                "countries",
                f"'{';'.join(sorted(given_countries))}' differs from the countries the event involves "
                f"({';'.join(sorted(derived)) or 'none'}); they come from host_country, participants and "
                "party_countries, so change those instead",
            )
        )
    return problems


def _same_code(given: str, code: str, name: str) -> bool:
    """A code as a spreadsheet may give it back: CAMEO digits without their leading zeros (040 as 40,
    042/043 as 42/43); the PLOVER words in any case."""
    if name != "cameo":
        return given.casefold() == code.casefold()
    parts, expected = given.split("/"), code.split("/")
    return len(parts) == len(expected) and all(
        part.isdigit() and part.lstrip("0") == want.lstrip("0") for part, want in zip(parts, expected, strict=True)
    )
