from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from messaging_core import sms_text

from ..tools.sql_insert import insert_rows


class MessagingSmsInbound(models.Model):
    """Every SMS a customer sends to one of our numbers, as the provider's webhook
    (signed, checked) hands it over, once: a replayed webhook adds nothing.

    From a known number, the SMS goes into the customer's SMS history, on the
    document of the last SMS sent to that number (else on the customer), and the
    user who sent that SMS (else the document's responsible) is notified. From an
    unknown number, this line is all there is, for a manager to review."""

    _name = "messaging.sms.inbound"
    _description = "Incoming SMS"
    _order = "received_at desc, id desc"
    _rec_name = "from_number"

    provider_id = fields.Many2one("messaging.sms.provider", string="Provider", readonly=True, ondelete="set null")
    company_id = fields.Many2one("res.company", string="Company", required=True, readonly=True, index=True)
    provider_message_id = fields.Char(string="Provider Reference", required=True, readonly=True)
    from_number = fields.Char(string="From", required=True, readonly=True)
    to_number = fields.Char(string="To", readonly=True)
    body = fields.Text(string="Text", readonly=True)
    received_at = fields.Datetime(string="Received", required=True, readonly=True)
    keyword = fields.Selection([("stop", "STOP"), ("start", "START")], readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null")
    message_id = fields.Many2one("mail.message", string="In the History", readonly=True, ondelete="set null")
    state = fields.Selection(
        [("filed", "In the customer's history"), ("unknown", "Unknown number"), ("reviewed", "Reviewed")],
        required=True,
        readonly=True,
        default="unknown",
    )

    _sql_constraints = [
        ("provider_message_unique", "UNIQUE(provider_message_id)", "This SMS was already received."),
    ]

    # --- receiving ------------------------------------------------------------------
    @api.model
    def _messaging_receive(self, provider, inbound, sender):
        """Record the SMS ``inbound`` (``messaging_core`` gateway object) received by
        ``provider`` from ``sender`` (normalised number, or None for a sender that is
        not a phone number). Returns the new line, or an empty recordset when this SMS
        was received already (a replayed webhook: nothing happens twice)."""
        now = fields.Datetime.now()
        company = provider.company_id or self.env.company
        keyword = sms_text.opt_keyword(inbound.body) if sender else None
        ids = insert_rows(
            self.env.cr,
            self._table,
            [
                "provider_id", "company_id", "provider_message_id", "from_number", "to_number", "body",
                "received_at", "keyword", "state", "create_uid", "write_uid", "create_date", "write_date",
            ],
            [
                (
                    provider.id, company.id, inbound.provider_id[:64],
                    sender.e164 if sender else inbound.from_[:64], inbound.to[:64], inbound.body[:1600],
                    now, keyword if keyword in ("stop", "start") else None, "unknown",
                    self.env.uid, self.env.uid, now, now,
                )
            ],
            suffix=SQL("ON CONFLICT (provider_message_id) DO NOTHING"),
        )  # fmt: skip
        line = self.browse(ids)
        if not line or not sender:
            return line
        if line.keyword:
            self.env["phone.blacklist"]._messaging_process_inbound_keyword(sender.e164, line.keyword, provider)
        line._file_in_history()
        return line

    def _file_in_history(self, partner=None):
        """Post the SMS in the history of its customer (found by number in the company,
        or ``partner``), notify who should answer; unknown numbers stay as they are."""
        self.ensure_one()
        last = self._last_sms_to_number()
        partner = partner or last.res_partner_id or self._partner_by_number()
        if not partner:
            return
        message = last.mail_message_id
        thread = partner
        if message.model and message.res_id and message.model in self.env:
            document = self.env[message.model].browse(message.res_id).exists()
            if document and hasattr(document, "_message_log"):
                thread = document
        customer = partner.commercial_partner_id
        values = {
            "messaging_channel": "sms",
            "messaging_customer_id": customer.id,
            "messaging_company_id": self.company_id.id,
        }
        body = Markup("<p>%s</p>") % Markup("<br/>").join((self.body or "").splitlines())
        posted = thread.with_context(
            messaging_message_values={**values, "model": thread._name, "res_id": thread.id}
        )._message_log(
            body=body,
            author_id=partner.id,
            email_from=self.from_number,  # the history shows the number it came from
            message_type="sms",
        )
        self.write({"partner_id": partner.id, "message_id": posted.id, "state": "filed"})
        user = self._who_answers(last, thread)
        if user:
            lang = user.lang or self.env.lang
            subject = self.with_context(lang=lang).env._("SMS from %(customer)s", customer=partner.display_name)
            thread.message_notify(
                partner_ids=user.partner_id.ids,
                subject=subject,
                body=body,
                author_id=partner.id,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _last_sms_to_number(self):
        """The notification of the last SMS sent to this number in this company."""
        return (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("notification_type", "=", "sms"),
                    ("sms_number", "=", self.from_number),
                    ("mail_message_id.messaging_company_id", "=", self.company_id.id),
                ],
                order="id desc",
                limit=1,
            )
        )

    def _partner_by_number(self):
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("phone_sanitized", "=", self.from_number),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                order="id",
            )
        )
        # a company and its contacts share a number: the contact who has it
        return partners.filtered(lambda p: not p.is_company)[:1] or partners[:1]

    def _who_answers(self, last, thread):
        """The user who sent the last SMS to this number, else the document's responsible."""
        author = last.mail_message_id.author_id.user_ids.filtered(lambda u: not u.share)[:1]
        if author and not author._is_superuser():
            return author
        responsible = thread["user_id"] if "user_id" in thread._fields else self.env["res.users"]
        return responsible if responsible and not responsible.share else self.env["res.users"]

    def write(self, vals):
        # what was received is kept as received: users only say who sent an unknown SMS
        if not self.env.su and (set(vals) - {"partner_id"} or any(line.state == "filed" for line in self)):
            raise UserError(self.env._("An incoming SMS cannot be changed; choose its customer, then file it."))
        return super().write(vals)

    # --- actions ----------------------------------------------------------------------
    def action_file_in_history(self):
        """File an SMS from an unknown number in the history of the customer chosen."""
        for line in self:
            if line.state == "filed":
                continue
            if not line.partner_id:
                raise UserError(self.env._("Choose the customer who sent this SMS first."))
            line.check_access("write")
            line.sudo()._file_in_history(line.partner_id.sudo())

    def action_mark_reviewed(self):
        self.check_access("write")
        self.filtered(lambda line: line.state == "unknown").sudo().write({"state": "reviewed"})
