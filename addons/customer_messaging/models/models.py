from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from ..tools.template_tags import COMMON_TAGS, DOCUMENT_TAGS, TemplateTag, renderer_for

# field types whose cached value is already the plain value a template shows
_PLAIN_TYPES = {"char", "text", "html", "integer", "float", "monetary", "boolean", "date", "datetime"}


# states meaning "cancelled" in Odoo's documents (sale, purchase, repair, account, project)
CANCEL_STATES = frozenset({"cancel", "cancelled", "canceled", "1_canceled"})


class Base(models.AbstractModel):
    _inherit = "base"

    # --- notification rules: the create / write hook ------------------------------------
    # A model no rule watches pays a dict lookup in a per-registry cache: no query.
    # A watched model pays, on a write touching a watched field, the read of the old
    # values (already in cache when mail tracking read them first, as for state and
    # stage) and one INSERT into the outbox when a rule fires.
    def _messaging_rules(self):
        if not self.pool.ready or self.env.context.get("messaging_no_rules"):
            return None
        Rule = self.env.get("messaging.rule")  # noqa: N806
        if Rule is None:
            return None
        return Rule._rule_specs().get(self._name)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        watch = self._messaging_rules()
        if watch and records:
            self.env["messaging.rule"].sudo()._on_create(records, watch[0])
        return records

    def write(self, vals):
        watch = self._messaging_rules() if self else None
        if not watch or watch[1].isdisjoint(vals):
            return super().write(vals)
        rules, watched = watch
        fnames = [fname for fname in vals if fname in watched]
        track_cancel = "active" in vals or "state" in vals
        old = {}
        for record in self:
            values = {fname: record[fname] for fname in fnames}
            values["__cancelled"] = record._messaging_is_cancelled() if track_cancel else None
            old[record.id] = values
        result = super().write(vals)
        self.env["messaging.rule"].sudo()._on_write(self, rules, fnames, old)
        return result

    def _messaging_status_field(self):
        """The field users see as this document's status: its stage, else its state."""
        for name, ftype in (("stage_id", "many2one"), ("state", "selection")):
            field = self._fields.get(name)
            if field and field.type == ftype and field.store:
                return name
        return None

    def _messaging_document_event(self, trigger):
        """The name of what just happened to this document, shared by every feature that
        tells the customer about it (``trigger``: a rule's, ``"create"`` or ``"status"``),
        so that the customer gets one message for it: ``"created"``, ``"closed:<date>"``...
        None: the event is only the planning feature's own. Modules whose features
        overlap on a model declare it there (tickets: ``incident_notify``)."""
        return None

    def _messaging_event_owners(self, rule):
        """Labels of the other features that already tell the customer about the events
        ``rule`` fires on (its form shows them): declared with
        :meth:`_messaging_document_event`."""
        return []

    def _messaging_is_cancelled(self):
        """Is this document cancelled (archived, lost, or in a cancelled state)?"""
        self.ensure_one()
        if "active" in self._fields and not self.active:
            return True
        field = self._fields.get("state")
        return bool(field and field.type == "selection" and self.state in CANCEL_STATES)

    def _messaging_plain_values(self, fnames):
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
            columns.append([self._messaging_plain_value(record, field) for record in self])
        return (
            [dict(zip(fnames, values, strict=True)) for values in zip(*columns, strict=True)]
            if columns
            else [{} for __ in self]
        )

    def _messaging_plain_value(self, record, field):
        value = record[field.name]
        if field.type == "many2one":
            return value.display_name or None
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) if value else None
        if field.type in ("one2many", "many2many"):
            return tuple(value.mapped("display_name"))
        return None if value is False else value

    # --- the customer of a document -------------------------------------------------
    def _messaging_customer_field(self):
        """Name of the field holding this document's customer, or None."""
        if self._name == "res.partner":
            return "id"
        for name in ("partner_id", "commercial_partner_id"):
            field = self._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "res.partner":
                return name
        return None

    def _messaging_company(self):
        """The company of this record, else the current one: whose settings apply."""
        self.ensure_one()
        return (self.company_id if "company_id" in self._fields else False) or self.env.company

    def _messaging_message_customers(self):
        """``(record, customer, company)`` for each record of ``self`` that has a customer."""
        fname = self._messaging_customer_field()
        if not fname:
            return []
        result = []
        for record in self:
            partner = record if fname == "id" else record[fname]
            if partner:
                result.append((record, partner.commercial_partner_id, record._messaging_company()))
        return result

    # --- template tags ---------------------------------------------------------------
    def _messaging_document_tags(self):
        """The :class:`DocumentTag` of the fields this model has."""
        return [tag for tag in DOCUMENT_TAGS if tag.path in self._fields]

    def _messaging_template_tags(self):
        """The :class:`TemplateTag` offered by this document type's templates."""
        lang = self.env.lang or "en_US"
        tags = [TemplateTag.offered(name, description, lang) for name, description in COMMON_TAGS]
        tags += [TemplateTag.offered(tag.name, tag.description, lang) for tag in self._messaging_document_tags()]
        return tags

    def _messaging_computed_tags(self):
        """``{TAG: compute(context)}``: this model's tags whose value is computed when a
        template shows them (the rating widget, a ticket's observations), rather than
        read from the context. Modules declare theirs here (call ``super()``)."""
        return {}

    def _messaging_renderer(self):
        """The sandboxed renderer knowing this model's tags (cached per tag set)."""
        names = tuple(tag.name for tag in self._messaging_template_tags())
        computed = self._messaging_computed_tags()
        return renderer_for(names, tuple(sorted((name, computed[name]) for name in names if name in computed)))

    def _messaging_template_values(self, partners):
        """One dict of tag values per ``(record, partner)`` pair, read in batch."""
        if len(partners) != len(self):
            raise ValueError("one partner per record")
        env = self.env
        # the person who sends (a bulk's or a reminder's author), even when a job delivers
        user = env["res.users"].browse(env.context.get("messaging_sender_id")).exists() or env.user
        today = fields.Date.context_today(self)
        langs = {}
        partner_values = partners._messaging_plain_values(["name", "email", "mobile", "ref", "city", "lang"])
        doc_tags = self._messaging_document_tags()
        doc_values = self._messaging_plain_values([tag.path for tag in doc_tags]) if doc_tags else [{}] * len(self)
        names = self.mapped("display_name") if self._name != "res.partner" else [None] * len(self)
        currency_field = "currency_id" if "currency_id" in self._fields else None
        result = []
        for record, partner, pvals, dvals, docname in zip(
            self, partners, partner_values, doc_values, names, strict=True
        ):
            lang = pvals["lang"] or env.lang or "en_US"
            company = record._messaging_company()
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
            for tag in doc_tags:
                value = dvals[tag.path]
                if value is not None and tag.kind == "amount":
                    currency = record[currency_field] if currency_field else company.currency_id
                    value = tools.format_amount(env, value, currency, lang_code=lang)
                elif value is not None and tag.kind == "date":
                    value = tools.format_date(env, value, lang_code=lang)
                values[tag.name.lower()] = value
            result.append(values)
        return result

    # --- sending ---------------------------------------------------------------------
    def _messaging_outbox_not_relevant(self, rows):
        """``{reason text: outbox rows}`` that must not be sent any more.

        Checked at send time, in the sending transaction; modules override it for
        their documents (an invoice paid since, a ticket reopened...)."""
        return {}

    @api.model
    def _messaging_after_delivery(self, rows):
        """Called once the suite's outbox has handled ``rows`` of this model's documents
        (sent, skipped, failed, cancelled or waiting), in the same transaction; modules
        override it for what follows a delivery (call ``super()``)."""

    def _messaging_composer_for_documents(self, channel):
        """The composer for the customers of these documents (one: about the document)."""
        fname = self._messaging_customer_field()
        if not fname:
            raise UserError(self.env._("These documents have no customer."))
        partners = self if fname == "id" else self.mapped(fname)
        if not partners:
            raise UserError(self.env._("These documents have no customer."))
        action = partners._messaging_composer_action(channel)
        if len(self) == 1:
            action["context"].update({"default_res_model": self._name, "default_res_id": self.id})
        return action
