"""Table pages show names where Datasette shows ids: a foreign key cell is its label (the
name, purl or owner/repo of the row it points at), linked to that row, with the 16-digit id in
the tooltip instead of beside the name."""

from __future__ import annotations

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from datasette import hookimpl


@hookimpl
def render_cell(value, column, table, database, datasette):
    if not (isinstance(value, dict) and set(value) == {"value", "label"}) or value["label"] in (None, ""):
        return None
    if str(value["label"]) == str(value["value"]):
        return None
    return _labelled(datasette, database, table, column, value)


async def _foreign_table(datasette, database, table, column):
    for fk in await datasette.get_database(database).foreign_keys_for_table(table):
        if fk["column"] == column:
            return fk["other_table"]
    return None


def _labelled(datasette, database, table, column, value):
    async def inner():
        other = await _foreign_table(datasette, database, table, column)
        if other is None:
            return None
        href = f"{datasette.urls.table(database, other)}/{tilde_encode(str(value['value']))}"
        return Markup(f'<a href="{escape(href)}" title="id {escape(value["value"])}">{escape(value["label"])}</a>')

    return inner()
