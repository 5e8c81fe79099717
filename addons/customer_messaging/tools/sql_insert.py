"""Many rows in one ``INSERT``, through Odoo's cursor (its query counter and hooks
see every statement) and :class:`odoo.tools.SQL` (no SQL built from strings)."""

from odoo.tools import SQL, split_every

#: rows per statement: a statement's parameters stay well under PostgreSQL's limits
PAGE = 1000


def insert_rows(cr, table, columns, rows, suffix=None, returning="id"):
    """``INSERT INTO table (columns) VALUES (row), ... [suffix] [RETURNING returning]``
    for ``rows`` (sequences of values, in ``columns`` order); returns what the
    statement returned, in row order (values for one column name, tuples for a list
    of names), or ``[]``."""
    result = []
    head = SQL("INSERT INTO %s (%s) VALUES", SQL.identifier(table), SQL(", ").join(map(SQL.identifier, columns)))
    several = isinstance(returning, (list, tuple))
    names = returning if several else [returning] if returning else []
    tail = SQL("RETURNING %s", SQL(", ").join(map(SQL.identifier, names))) if names else SQL()
    for page in split_every(PAGE, rows):
        values = SQL(", ").join(SQL("(%s)", SQL(", ").join(row)) for row in page)
        cr.execute(SQL("%s %s %s %s", head, values, suffix or SQL(), tail))
        if names:
            result += cr.fetchall() if several else [value for (value,) in cr.fetchall()]
    return result
