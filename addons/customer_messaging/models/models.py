from odoo import models

# field types whose cached value is already the plain value a template shows
_PLAIN_TYPES = {"char", "text", "html", "integer", "float", "monetary", "boolean", "date", "datetime"}


class Base(models.AbstractModel):
    _inherit = "base"

    def _cm_plain_values(self, fnames):
        """One dict ``{field name: plain value}`` per record of ``self``, in order,
        for template contexts (``messaging_core.templating.freeze_context``).

        Batched: the fields are fetched in one query per table (with the usual access
        checks) and read back from the cache column by column, not record by record.
        Many2one fields give the display name, selections their label; empty values
        are ``None``.
        """
        self.flush_recordset(fnames)  # stored computed fields may be waiting to be recomputed
        self.fetch(fnames)
        columns = []
        for fname in fnames:
            field = self._fields[fname]
            if field.type in _PLAIN_TYPES:
                column = list(self.env.cache.get_until_miss(self, field))
                if len(column) == len(self):
                    if field.type != "boolean":
                        column = [None if value is False else value for value in column]
                    columns.append(column)
                    continue
            columns.append([self._cm_plain_value(record, field) for record in self])
        return (
            [dict(zip(fnames, values, strict=True)) for values in zip(*columns, strict=True)]
            if columns
            else [{} for __ in self]
        )

    def _cm_plain_value(self, record, field):
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or None
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) if value else None
        if field.type in ("one2many", "many2many"):
            return tuple(value.mapped("display_name"))
        return None if value is False else value
