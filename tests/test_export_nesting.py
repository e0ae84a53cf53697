"""export_row nests a flat row the way docs/data-format.md describes it, for exports and imports alike:
multi-valued cells read back whatever text their items hold, and a short row keeps its nested columns."""

from hypothesis import given
from hypothesis import strategies as st

from tracker.exports import COLUMNS, LIST_COLUMNS, OPTIONAL_COLUMNS, PARTICIPANT_FIELDS, RECORD_COLUMNS, export_row
from tracker.exports.cells import escape, parse_items

# Text with the micro-format's own separators and escape character in it, and empty fields.
field_text = st.text(alphabet=st.sampled_from(list("ab ;|\\é'=")), max_size=6)
participants = st.lists(
    st.lists(field_text, min_size=len(PARTICIPANT_FIELDS), max_size=len(PARTICIPANT_FIELDS)), min_size=1, max_size=4
)


def written(items: list[list[str]]) -> str:
    """A multi-valued cell as the export SELECT writes it."""
    return ";".join("|".join(escape(value) for value in item) for item in items)


@given(participants)
def test_a_records_cell_reads_back_every_item_and_field_whatever_text_they_hold(items):
    expected = [{field: value or None for field, value in zip(PARTICIPANT_FIELDS, item, strict=True)} for item in items]
    assert parse_items(written(items), PARTICIPANT_FIELDS) == expected


def test_an_item_with_fewer_fields_than_named_has_the_rest_empty_and_extra_fields_are_dropped():
    assert parse_items("lee|Lee Jae-myung", PARTICIPANT_FIELDS) == [
        {"person": "lee", "name": "Lee Jae-myung", "role": None, "country": None, "organization": None, "office": None}
    ]
    assert parse_items("a|b|c", ("first", "second")) == [{"first": "a", "second": "b"}]


def test_a_short_row_keeps_its_nested_columns_empty_and_leaves_out_the_plain_ones():
    full = ["x"] * len(COLUMNS)
    for length in range(len(COLUMNS) + 1):
        row = export_row(full[:length])
        for name in COLUMNS[length:]:
            if name in LIST_COLUMNS or name in RECORD_COLUMNS:
                assert row[name] == [], (length, name)
            elif name in OPTIONAL_COLUMNS or name in ("latitude", "longitude", "is_published"):
                assert row[name] is None, (length, name)
            else:
                assert name not in row, (length, name)


def test_a_full_row_is_nested_column_by_column():
    cells = dict.fromkeys(COLUMNS, "")
    cells |= {
        "uid": "4f1c",
        "title": "Summit in Nara",
        "countries": "JP;KR",
        "participants": "lee|Lee Jae-myung|leader|KR||",
        "latitude": "34.685",
        "longitude": "-0.00005",
        "is_published": "true",
        "host_country": "JP",
    }
    row = export_row([cells[name] for name in COLUMNS])
    assert list(row) == list(COLUMNS)
    assert row["countries"] == ["JP", "KR"] and row["topics"] == []
    assert row["participants"][0]["role"] == "leader" and row["participants"][0]["office"] is None
    assert (row["latitude"], row["longitude"], row["is_published"]) == (34.685, -0.00005, True)
    assert (row["host_country"], row["series"], row["summary"]) == ("JP", None, "")
