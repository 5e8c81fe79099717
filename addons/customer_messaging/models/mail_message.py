from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import MissingError, UserError

EMAIL_TYPES = {"email", "email_outgoing"}
NOTIFYING_TYPES = {"comment", "auto_comment", "user_notification"}


class MailMessage(models.Model):
    """Each message to or from a customer carries its customer (the commercial
    entity), its channel and the company it was sent for, set once at creation.

    That one indexed column is what makes the customer's history a single query
    across every document (the customer, its contacts, its invoices, orders,
    tickets...) instead of a search per model.
    """

    _inherit = "mail.message"

    messaging_customer_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null", readonly=True)
    messaging_channel = fields.Selection([("email", "Email"), ("sms", "SMS")], string="Channel", readonly=True)
    messaging_company_id = fields.Many2one("res.company", string="Sent For", readonly=True)
    messaging_urgent = fields.Boolean(string="Urgent", readonly=True)
    messaging_direction = fields.Selection(
        [("out", "To the customer"), ("in", "From the customer")],
        string="Direction",
        compute="_compute_messaging_direction",
    )
    messaging_recipients = fields.Char(string="Sent To", compute="_compute_messaging_history_fields")
    messaging_state = fields.Selection(
        [
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("failed", "Failed"),
            ("bounced", "Bounced"),
            ("canceled", "Cancelled"),
            ("received", "Received"),
        ],
        string="State",
        compute="_compute_messaging_history_fields",
    )
    messaging_failure = fields.Char(string="Failure", compute="_compute_messaging_history_fields")
    messaging_body_text = fields.Text(string="Text", compute="_compute_messaging_history_fields")

    _NOTIF_STATES = {
        "ready": "queued",
        "process": "queued",
        "pending": "sent",
        "sent": "delivered",
        "bounce": "bounced",
        "exception": "failed",
        "canceled": "canceled",
    }

    _EMAIL_STATES = {**_NOTIF_STATES, "sent": "sent", "pending": "sent"}

    @api.depends("author_id", "message_type")
    def _compute_messaging_direction(self):
        for message in self:
            incoming = message.message_type in ("email", "comment", "sms") and message.author_id.partner_share
            message.messaging_direction = "in" if incoming else "out"

    @api.depends("notification_ids", "messaging_direction")
    def _compute_messaging_history_fields(self):
        for message in self:
            message.messaging_body_text = tools.html2plaintext(message.body or "")
            if message.messaging_direction == "in":
                message.messaging_state = "received"
                message.messaging_recipients = (
                    message.email_from  # an SMS received: the number it came from
                    if message.message_type == "sms"
                    else ", ".join(message.partner_ids.mapped("display_name"))
                )
                message.messaging_failure = False
                continue
            notifications = (
                message.sudo().notification_ids.filtered(
                    lambda n, m=message: n.res_partner_id.commercial_partner_id == m.messaging_customer_id
                )
                or message.sudo().notification_ids
            )
            if message.messaging_channel == "sms":
                message.messaging_recipients = ", ".join(filter(None, notifications.mapped("sms_number")))
            else:
                message.messaging_recipients = ", ".join(
                    filter(None, notifications.mapped("res_partner_id.email") or message.partner_ids.mapped("email"))
                )
            notification = notifications[:1]
            states = self._NOTIF_STATES if message.messaging_channel == "sms" else self._EMAIL_STATES
            message.messaging_state = states.get(notification.notification_status, "queued")
            message.messaging_failure = notification.failure_reason or (
                notification.failure_type
                and dict(notification._fields["failure_type"]._description_selection(self.env)).get(
                    notification.failure_type
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        extra = self.env.context.get("messaging_message_values")
        if extra:
            # only for the message being posted on that thread, not for others created meanwhile
            target = (extra.get("model") or False, extra.get("res_id") or False)
            values = {key: value for key, value in extra.items() if key.startswith("messaging_")}
            vals_list = [
                {**values, **vals} if (vals.get("model") or False, vals.get("res_id") or False) == target else vals
                for vals in vals_list
            ]
        self._messaging_set_customer(vals_list)
        messages = super().create(vals_list)
        if any(vals.get("messaging_channel") for vals in vals_list):
            # customers' history tabs (computed, not stored) may be in cache: no query
            self.env["res.partner"].invalidate_model(["messaging_email_history_ids", "messaging_sms_history_ids"])
        return messages

    @api.model
    def _messaging_set_customer(self, vals_list):
        """Fill ``messaging_channel``, ``messaging_customer_id`` (the customer of the message's
        document) and ``messaging_company_id`` in batch.

        No query for what Odoo does anyway: the channel comes from the message type,
        the customer from the document (usually in cache). Recipients, authors and
        subtypes are not read here: the history finds a customer's messages through
        them when it is shown (``res.partner._messaging_history_domain``), so Odoo's own
        query counts stay as they are.
        """
        todo = []
        for vals in vals_list:
            if vals.get("messaging_channel"):
                vals.setdefault("messaging_company_id", self.env.company.id)
                continue
            message_type = vals.get("message_type", "comment")
            if message_type == "sms":
                channel = "sms"
            elif message_type in EMAIL_TYPES:
                channel = "email"
            elif message_type in NOTIFYING_TYPES and not vals.get("is_internal"):
                channel = "email"  # notes (internal subtypes) are left out when the history is read
            else:
                continue
            todo.append((vals, channel))
        if not todo:
            return
        by_model = defaultdict(set)
        for vals, __ in todo:
            if vals.get("model") and vals.get("res_id") and vals["model"] in self.env:
                if self.env[vals["model"]]._messaging_customer_field():
                    by_model[vals["model"]].add(vals["res_id"])
        customers = {}
        for model, ids in by_model.items():
            records = self.env[model].sudo().browse(ids)
            try:
                found = records._messaging_message_customers()
            except MissingError:  # a message about a deleted record
                found = records.exists()._messaging_message_customers()
            for record, customer, company in found:
                customers[(model, record.id)] = (customer, company)
        for vals, channel in todo:
            customer, company = customers.get((vals.get("model"), vals.get("res_id")), (False, False))
            vals["messaging_channel"] = channel
            if customer:
                vals.setdefault("messaging_customer_id", customer.id)
            vals.setdefault("messaging_company_id", (company or self.env.company).id)  # company: the document's

    def action_messaging_reply(self):
        """Answer a message of the history, on its channel: to its customer (the author
        of a message received), about the same document."""
        self.ensure_one()
        partner = self.author_id if self.messaging_direction == "in" else self.messaging_customer_id
        if not partner:
            raise UserError(self.env._("This message has no customer to answer."))
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_composer_action")
        document = self.model and self.res_id and self.model in self.env
        action["context"] = {
            "default_template_id": False,  # an answer, not the company's default message
            "default_channel": self.messaging_channel or "email",
            "default_partner_ids": partner.ids,
            "default_res_model": self.model if document else "res.partner",
            "default_res_id": self.res_id if document else partner.id,
        }
        if self.messaging_direction == "in" and self.messaging_channel == "sms" and self.email_from:
            # the answer goes to the number that wrote, whatever the mobile on the card says
            action["context"]["default_sms_number"] = self.email_from
        return action

    def action_messaging_open(self):
        """The message, read-only, as the history shows it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.message",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("customer_messaging.mail_message_view_form_history").id, "form")],
            "target": "new",
        }
