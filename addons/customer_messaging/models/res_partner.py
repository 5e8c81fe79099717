import base64
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from messaging_core.phone import try_normalize

from .messaging_consent_log import CONSENT_SOURCES


class ResPartner(models.Model):
    _inherit = "res.partner"

    # consent: off until the customer agrees (ARCHITECTURE §3)
    messaging_accepts_email = fields.Boolean(
        string="Accepts Email",
        copy=False,
        tracking=True,
        help="The customer agreed to receive bulk and automatic emails. "
        "Messages a user writes to this customer are always allowed.",
    )
    messaging_accepts_sms = fields.Boolean(
        string="Accepts SMS",
        copy=False,
        tracking=True,
        help="The customer agreed to receive bulk and automatic SMS. "
        "Messages a user writes to this customer are always allowed.",
    )
    messaging_email_consent_date = fields.Datetime(string="Email Consent Changed On", copy=False, readonly=True)
    messaging_email_consent_source = fields.Selection(
        CONSENT_SOURCES, string="Email Consent Source", copy=False, readonly=True
    )
    messaging_sms_consent_date = fields.Datetime(string="SMS Consent Changed On", copy=False, readonly=True)
    messaging_sms_consent_source = fields.Selection(
        CONSENT_SOURCES, string="SMS Consent Source", copy=False, readonly=True
    )
    messaging_consent_log_ids = fields.One2many("messaging.consent.log", "partner_id", string="Consent Changes")
    messaging_mobile_e164 = fields.Char(
        string="Mobile for SMS",
        compute="_compute_messaging_mobile_e164",
        help="The mobile number, normalised; empty when it cannot receive SMS.",
    )
    # history (customer-wide, across every document)
    messaging_email_history_ids = fields.Many2many(
        "mail.message", string="Email History", compute="_compute_messaging_history", compute_sudo=False
    )  # read as the user: private messages stay private
    messaging_sms_history_ids = fields.Many2many(
        "mail.message", string="SMS History", compute="_compute_messaging_history", compute_sudo=False
    )
    messaging_sms_history_since = fields.Date(
        string="SMS Shown Since", compute="_compute_messaging_history", compute_sudo=False
    )
    messaging_sms_history_can_load_more = fields.Boolean(compute="_compute_messaging_history", compute_sudo=False)
    messaging_sms_history_more = fields.Integer(
        string="SMS History Loads",
        compute="_compute_messaging_sms_history_more",
        inverse="_inverse_messaging_sms_history_more",
        help="How many times “Load more” was clicked in the SMS tab (not saved).",
    )
    # --- credit hold and interactions (with Accounting: credit limit, overdue invoices) ---
    messaging_credit_hold_manual = fields.Boolean(
        string="Put on Credit Hold",
        tracking=True,
        help="Hold this customer's credit by hand, whatever their invoices say.",
    )
    messaging_credit_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_messaging_credit_hold",
        help="Over the credit limit, invoices overdue for longer than the company allows, or held by hand.",
        groups="customer_messaging.group_messaging_user",
    )
    messaging_credit_hold_reason = fields.Char(
        string="Credit Hold Reason",
        compute="_compute_messaging_credit_hold",
        groups="customer_messaging.group_messaging_user",
    )
    messaging_interaction_count = fields.Integer(
        string="Interaction Count", compute="_compute_messaging_interaction_count"
    )

    @api.depends("mobile", "country_id")
    def _compute_messaging_mobile_e164(self):
        for partner in self:
            number = try_normalize(partner.mobile, partner.country_id.code or None, mobile=True)
            partner.messaging_mobile_e164 = number.e164 if number else False

    def _messaging_history_domain(self, channel=None):
        """Messages to or from this customer (its commercial entity and every contact):
        those sent to them or written by them, on any document or none, and the
        emails and SMS of their documents; only for the companies the user works in."""
        self.ensure_one()
        customer = self.commercial_partner_id.id
        return [
            ("messaging_channel", "=", channel) if channel else ("messaging_channel", "!=", False),
            ("messaging_company_id", "in", self.env.companies.ids),
            # notes are not messages to the customer (SMS and private messages are marked
            # internal, with the note subtype, but they are sent)
            "|",
            ("message_type", "in", ["email", "email_outgoing", "sms", "user_notification"]),
            "&",
            ("is_internal", "=", False),
            ("subtype_id.internal", "=", False),
            "|",
            "|",
            "&",
            ("messaging_customer_id", "=", customer),
            ("message_type", "in", ["email", "email_outgoing", "sms"]),
            ("partner_ids", "child_of", customer),
            ("author_id", "child_of", customer),
        ]

    @api.depends_context("messaging_sms_history_more")
    def _compute_messaging_sms_history_more(self):
        for partner in self:
            partner.messaging_sms_history_more = int(self.env.context.get("messaging_sms_history_more") or 0)

    def _inverse_messaging_sms_history_more(self):
        """A view setting, never saved: the form keeps it while it is open."""

    def _messaging_sms_window(self, more=None):
        """``(since, can load more)`` for the SMS tab: the first days, plus the months
        each "Load more" adds, never beyond the maximum."""
        company = self.env.company
        today = fields.Date.context_today(self)
        oldest = today - relativedelta(months=company.messaging_sms_history_max_months)
        if more is None:
            more = int(self.env.context.get("messaging_sms_history_more") or 0)
        days = int(self.env.context.get("messaging_sms_history_days") or company.messaging_sms_history_days)
        # loads needed to reach the maximum, counting the first days as months begun
        first_months = -(-days // 31)
        loads = max(
            0,
            -(-(company.messaging_sms_history_max_months - first_months) // company.messaging_sms_history_more_months),
        )
        since = today - relativedelta(days=days, months=more * company.messaging_sms_history_more_months)
        if more >= loads or since < oldest:
            return oldest if more >= loads else max(since, oldest), False
        return since, True

    @api.depends("messaging_sms_history_more")
    @api.depends_context("uid", "messaging_sms_history_days", "messaging_sms_history_more", "allowed_company_ids")
    def _compute_messaging_history(self):
        message_model = self.env["mail.message"]
        for partner in self:
            since, can_load_more = partner._messaging_sms_window(partner.messaging_sms_history_more)
            saved = partner._origin  # in an open form ("Load more"), the record being edited
            if not saved:
                partner.messaging_email_history_ids = partner.messaging_sms_history_ids = False
                partner.messaging_sms_history_since = since
                partner.messaging_sms_history_can_load_more = False
                continue
            # the ORM's access rules apply: private messages only for their author and recipients
            partner.messaging_email_history_ids = message_model.search(
                saved._messaging_history_domain("email"), limit=200
            )._filtered_access("read")
            partner.messaging_sms_history_ids = message_model.search(
                [*saved._messaging_history_domain("sms"), ("date", ">=", fields.Datetime.to_datetime(since))]
            )._filtered_access("read")
            partner.messaging_sms_history_since = since
            partner.messaging_sms_history_can_load_more = can_load_more

    # --- consent ---------------------------------------------------------------------
    def write(self, vals):
        consent = {key: vals[key] for key in ("messaging_accepts_email", "messaging_accepts_sms") if key in vals}
        if consent:
            before = {partner.id: (partner.messaging_accepts_email, partner.messaging_accepts_sms) for partner in self}
        result = super().write(vals)
        if consent:
            self._messaging_log_consent(consent, before)
        return result

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            consent = {key: vals[key] for key in ("messaging_accepts_email", "messaging_accepts_sms") if vals.get(key)}
            if consent:
                partner._messaging_log_consent(consent, {partner.id: (False, False)})
        return partners

    def _messaging_lang(self, company=None):
        """The language a message to this customer is written in: theirs, else the
        sending company's, else English."""
        self.ensure_one()
        company = company or self.env.company
        return self.sudo().lang or company.sudo().partner_id.lang or "en_US"

    def _messaging_log_consent(self, consent, before):
        source = self.env.context.get("messaging_consent_source", "manual")
        now = fields.Datetime.now()
        logs = []
        stamped = defaultdict(lambda: self.browse())  # partners by the channels they changed
        for partner in self:
            previous = dict(zip(("messaging_accepts_email", "messaging_accepts_sms"), before[partner.id], strict=True))
            channels = []
            for key, value in consent.items():
                if bool(value) == previous[key]:
                    continue
                channel = "email" if key == "messaging_accepts_email" else "sms"
                channels.append(channel)
                logs.append(
                    {
                        "partner_id": partner.id,
                        "channel": channel,
                        "accepted": bool(value),
                        "source": source,
                        "user_id": self.env.uid,
                        "date": now,
                        "note": self.env.context.get("messaging_consent_note"),
                    }
                )
            if channels:
                stamped[tuple(channels)] |= partner
        for channels, partners in stamped.items():  # one write per kind of change, not per partner
            values = {}
            for channel in channels:
                values[f"messaging_{channel}_consent_date"] = now
                values[f"messaging_{channel}_consent_source"] = source
            super(ResPartner, partners).write(values)
        return self.env["messaging.consent.log"].sudo().create(logs)

    def _messaging_set_consent(self, channel, accepted, source, note=None):
        """Change consent from outside the form (unsubscribe link, SMS reply...)."""
        field = "messaging_accepts_email" if channel == "email" else "messaging_accepts_sms"
        partners = self.filtered(lambda p: p[field] != accepted)
        if partners:
            partners.with_context(messaging_consent_source=source, messaging_consent_note=note).write({field: accepted})
        return partners

    # --- actions from the customer form and list -------------------------------------
    def _messaging_composer_action(self, channel):
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_composer_action")
        action["context"] = {
            "default_channel": channel,
            "default_partner_ids": self.ids,
            "default_res_model": "res.partner" if len(self) == 1 else False,
            "default_res_id": self.id if len(self) == 1 else False,
        }
        return action

    def action_messaging_write_email(self):
        return self._messaging_composer_action("email")

    def action_messaging_write_sms(self):
        return self._messaging_composer_action("sms")

    def _messaging_history_for_report(self):
        """Messages of the period asked in the context (``messaging_history_from`` / ``_to``)."""
        self.ensure_one()
        date_from = fields.Date.to_date(self.env.context.get("messaging_history_from")) or (
            fields.Date.context_today(self) - relativedelta(months=1)
        )
        date_to = fields.Date.to_date(self.env.context.get("messaging_history_to")) or fields.Date.context_today(self)
        messages = self.env["mail.message"].search(
            [
                *self._messaging_history_domain(),
                ("date", ">=", fields.Datetime.to_datetime(date_from)),
                ("date", "<", fields.Datetime.to_datetime(date_to + relativedelta(days=1))),
            ],
            order="date asc",
        )
        return {"date_from": date_from, "date_to": date_to, "messages": messages}

    def _messaging_history_attachment(self, date_from, date_to):
        """The customer's message history of the period as a PDF attachment, ready to
        be attached to a message (Odoo moves it to the message's document)."""
        self.ensure_one()
        report = self.env.ref("customer_messaging.action_report_customer_history")
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(messaging_history_from=str(date_from or ""), messaging_history_to=str(date_to or ""))
            ._render_qweb_pdf(report, self.ids)
        )
        return self.env["ir.attachment"].create(
            {
                "name": self.env._("Message history %(customer)s.pdf", customer=self.display_name),
                "datas": base64.b64encode(pdf),
                "res_model": "mail.compose.message",
                "res_id": 0,
                "mimetype": "application/pdf",
            }
        )

    # --- credit hold and interactions ---------------------------------------------------
    @api.depends_context("company")
    @api.depends("messaging_credit_hold_manual", "commercial_partner_id.messaging_credit_hold_manual")
    def _compute_messaging_credit_hold(self):
        customers = self.commercial_partner_id
        reasons = {customer.id: [] for customer in customers}
        for customer in customers.filtered("messaging_credit_hold_manual"):
            reasons[customer.id].append(self.env._("put on credit hold by hand"))
        if customers.ids:
            self._messaging_credit_hold_reasons(customers, reasons)
        for partner in self:
            found = reasons.get(partner.commercial_partner_id.id) or []
            partner.messaging_credit_hold = bool(found)
            text = "; ".join(found)
            partner.messaging_credit_hold_reason = text[:1].upper() + text[1:] if text else False

    def _messaging_credit_hold_reasons(self, customers, reasons):
        """Add to ``reasons`` (``{customer id: [reason, ...]}``) why ``customers`` are on
        credit hold, besides a hold put by hand (the Invoicing bridge adds credit limits
        and overdue invoices)."""

    def _compute_messaging_interaction_count(self):
        counts = (
            dict(
                self.env["messaging.interaction"]._read_group(
                    [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                    ["commercial_partner_id"],
                    ["__count"],
                )
            )
            if self.env["messaging.interaction"].has_access("read")
            else {}
        )
        for partner in self:
            partner.messaging_interaction_count = counts.get(partner.commercial_partner_id, 0)

    def action_messaging_open_interactions(self):
        """The interactions of this customer (its commercial entity and its contacts)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_interaction_action")
        customer = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
