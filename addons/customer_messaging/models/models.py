from odoo import fields, models, tools
from odoo.exceptions import UserError

from ..tools.template_tags import COMMON_TAGS, DOCUMENT_TAGS, renderer_for

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

    # --- the customer of a document -------------------------------------------------
    def _cm_customer_field(self):
        """Name of the field holding this document's customer, or None."""
        if self._name == "res.partner":
            return "id"
        for name in ("partner_id", "commercial_partner_id"):
            field = self._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "res.partner":
                return name
        return None

    def _cm_company(self):
        """The company of this record, else the current one: whose settings apply."""
        self.ensure_one()
        return (self.company_id if "company_id" in self._fields else False) or self.env.company

    def _cm_message_customers(self):
        """``(record, customer, company)`` for each record of ``self`` that has a customer."""
        fname = self._cm_customer_field()
        if not fname:
            return []
        result = []
        for record in self:
            partner = record if fname == "id" else record[fname]
            if partner:
                result.append((record, partner.commercial_partner_id, record._cm_company()))
        return result

    # --- template tags ---------------------------------------------------------------
    def _cm_document_tags(self):
        return [tag for tag in DOCUMENT_TAGS if tag[3] in self._fields]

    def _cm_template_tags(self):
        """``[(TAG, description, key)]`` offered by this document type's templates."""
        tags = [
            (name, description._translate(self.env.lang or "en_US"), name.lower()) for name, description in COMMON_TAGS
        ]
        tags += [
            (name, description._translate(self.env.lang or "en_US"), name.lower())
            for name, description, __, ___ in self._cm_document_tags()
        ]
        return tags

    def _cm_renderer(self):
        """The sandboxed renderer knowing this model's tags (cached per tag set)."""
        return renderer_for(tuple(name for name, __, ___ in self._cm_template_tags()))

    def _cm_template_values(self, partners):
        """One dict of tag values per ``(record, partner)`` pair, read in batch."""
        if len(partners) != len(self):
            raise ValueError("one partner per record")
        env = self.env
        user = env.user
        today = fields.Date.context_today(self)
        langs = {}
        partner_values = partners._cm_plain_values(["name", "email", "mobile", "ref", "city", "lang"])
        doc_tags = self._cm_document_tags()
        doc_values = self._cm_plain_values([path for __, ___, ____, path in doc_tags]) if doc_tags else [{}] * len(self)
        names = self.mapped("display_name") if self._name != "res.partner" else [None] * len(self)
        currency_field = "currency_id" if "currency_id" in self._fields else None
        result = []
        for record, partner, pvals, dvals, docname in zip(
            self, partners, partner_values, doc_values, names, strict=True
        ):
            lang = pvals["lang"] or env.lang or "en_US"
            company = record._cm_company()
            if lang not in langs:
                langs[lang] = tools.format_date(env, today, lang_code=lang)
            values = {
                "customername": pvals["name"],
                "customercompany": partner.commercial_partner_id.name,
                "customeremail": pvals["email"],
                "customermobile": pvals["mobile"],
                "customerref": pvals["ref"],
                "customercity": pvals["city"],
                "companyname": company.name,
                "companyemail": company.email or None,
                "companyphone": company.phone or None,
                "companywebsite": company.website or None,
                "username": user.name,
                "useremail": user.email or None,
                "date": langs[lang],
                "documentname": docname or pvals["name"],
            }
            for name, __, kind, path in doc_tags:
                value = dvals[path]
                if value is not None and kind == "amount":
                    currency = record[currency_field] if currency_field else company.currency_id
                    value = tools.format_amount(env, value, currency, lang_code=lang)
                elif value is not None and kind == "date":
                    value = tools.format_date(env, value, lang_code=lang)
                values[name.lower()] = value
            result.append(values)
        return result

    # --- sending ---------------------------------------------------------------------
    def _cm_outbox_not_relevant(self, rows):
        """``{reason text: outbox rows}`` that must not be sent any more.

        Checked at send time, in the sending transaction; modules override it for
        their documents (an invoice paid since, a ticket reopened...)."""
        return {}

    def _cm_composer_for_documents(self, channel):
        """The composer for the customers of these documents (one: about the document)."""
        fname = self._cm_customer_field()
        if not fname:
            raise UserError(self.env._("These documents have no customer."))
        partners = self if fname == "id" else self.mapped(fname)
        if not partners:
            raise UserError(self.env._("These documents have no customer."))
        action = partners._cm_composer_action(channel)
        if len(self) == 1:
            action["context"].update({"default_res_model": self._name, "default_res_id": self.id})
        return action
