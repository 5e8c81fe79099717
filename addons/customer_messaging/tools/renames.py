"""Field renames for an upgraded database.

Odoo's registry knows a field by its name: a renamed field looks like a new field
beside an obsolete one, whose column, reflection and data (tracking values, saved
defaults, selection values) Odoo would drop at the end of the upgrade. Before the
module loads (``pre-migrate``), :func:`rename_fields` gives the column, its index, the
field's reflection and the reflection's external ids the new name, so that Odoo
finds the field it already had; and it renames the field where a database keeps
names as text: views (a module's own views are checked before its later files are
read again), saved filters, window actions' domains and export lists."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, rename_column

#: ``(table, column)`` holding field names as text, and how to read the column as text
_TEXT_COLUMNS = [
    ("ir_ui_view", "arch_db", "jsonb"),
    ("ir_filters", "domain", "text"),
    ("ir_filters", "context", "text"),
    ("ir_filters", "sort", "text"),
    ("ir_act_window", "domain", "text"),
    ("ir_act_window", "context", "text"),
    ("ir_exports_line", "name", "text"),
]


def rename_fields(cr, renames):
    """Rename fields: ``[(model, old_name, new_name), ...]``. Their external ids are
    renamed whichever module holds them (a field may have moved to a bridge)."""
    for model, old, new in renames:
        table = model.replace(".", "_")
        if column_exists(cr, table, old) and not column_exists(cr, table, new):
            rename_column(cr, table, old, new)
            cr.execute(
                SQL(
                    "ALTER INDEX IF EXISTS %s RENAME TO %s",
                    SQL.identifier(f"{table}__{old}_index"),
                    SQL.identifier(f"{table}__{new}_index"),
                )
            )
        cr.execute(SQL("UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s", new, model, old))
        prefix = model.replace(".", "_")
        cr.execute(
            SQL(
                """
                UPDATE ir_model_data
                   SET name = CASE model
                       WHEN 'ir.model.fields' THEN %(field_new)s
                       ELSE %(selection_new)s || substr(name, length(%(selection_old)s) + 1)
                   END
                 WHERE (
                       (model = 'ir.model.fields' AND name = %(field_old)s)
                       OR (model = 'ir.model.fields.selection' AND starts_with(name, %(selection_old)s))
                   )
                """,
                field_old=f"field_{prefix}__{old}",
                field_new=f"field_{prefix}__{new}",
                selection_old=f"selection__{prefix}__{old}__",
                selection_new=f"selection__{prefix}__{new}__",
            )
        )
        rename_in_text(cr, old, new)


def rename_in_text(cr, old, new):
    """Replace the word ``old`` by ``new`` where field names are kept as text."""
    pattern = rf"\m{old}\M"
    for table, column, kind in _TEXT_COLUMNS:
        if not column_exists(cr, table, column):
            continue
        value = SQL.identifier(column)
        as_text = SQL("%s::text", value) if kind == "jsonb" else value
        replaced = SQL("regexp_replace(%s, %s, %s, 'g')", as_text, pattern, new)
        cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE %s ~ %s",
                SQL.identifier(table),
                value,
                SQL("%s::jsonb", replaced) if kind == "jsonb" else replaced,
                as_text,
                pattern,
            )
        )
