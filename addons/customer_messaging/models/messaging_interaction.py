from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.tools.translate import LazyTranslate

from ..tools.template_tags import TemplateTag

_lt = LazyTranslate(__name__)

# messages of an interaction that make its thread: what the customer and we wrote
THREAD_MESSAGE_TYPES = ("comment", "email", "email_outgoing")
PORTAL_REPLY_MAX_LENGTH = 10000


class MessagingInteraction(models.Model):
    """One exchange with a customer: a call, a visit, an email, a note.

    Interactions that are not internal are published on the customer's portal
    ("My interactions"), where the customer reads them and replies; the customer
    is told by email through the outbox (consent applies), never from ``create``.
    Replies, ours and the customer's, are messages on the interaction: its thread.
    """

    _name = "messaging.interaction"
    _description = "Customer Interaction"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Subject",
        compute="_compute_name",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="What the customer sees as the title of this interaction; the topic by default.",
    )
    topic_id = fields.Many2one(
        "messaging.interaction.topic",
        string="Topic",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, tracking=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(string="Interaction Date", required=True, default=fields.Datetime.now, tracking=True)
    followup_date = fields.Date(
        string="Follow-up Date",
        tracking=True,
        help="A to-do is scheduled on this date for the follow-up owner.",
    )
    followup_user_id = fields.Many2one(
        "res.users",
        string="Follow-up Owner",
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    followup_activity_id = fields.Many2one("mail.activity", string="Follow-up To-do", readonly=True, copy=False)
    followup_due = fields.Boolean(
        string="Follow-up Due", compute="_compute_followup_due", search="_search_followup_due"
    )
    direction = fields.Selection(
        [("internal", "Internal"), ("incoming", "Incoming"), ("outgoing", "Outgoing")],
        required=True,
        default="internal",
        tracking=True,
        help="Internal: for us only, never shown to the customer. "
        "Incoming (what the customer told us) and outgoing (what we told the customer) are published "
        "on the customer's portal and the customer is told by email.",
    )
    entered_by_id = fields.Many2one(
        "res.users",
        string="Entered By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Who logged it; the customer's replies are sent to this person.",
    )
    notes = fields.Html(sanitize=True)
    contact_name = fields.Char(compute="_compute_contact", store=True, readonly=False, precompute=True)
    contact_phone = fields.Char(compute="_compute_contact", store=True, readonly=False, precompute=True)
    sales_contact_id = fields.Many2one(
        "res.partner",
        string="Sales Contact",
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="The person at the customer's in charge of buying from us.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        precompute=True,
        readonly=False,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    reference = fields.Char(help="An order, invoice or ticket number this interaction is about.")
    credit_hold = fields.Boolean(
        related="partner_id.messaging_credit_hold",
        string="Credit Hold",
        groups="customer_messaging.group_messaging_user",
    )
    credit_hold_reason = fields.Char(
        related="partner_id.messaging_credit_hold_reason",
        string="Credit Hold Reason",
        groups="customer_messaging.group_messaging_user",
    )
    publication_state = fields.Selection(
        [
            ("internal", "Internal: not published"),
            ("pending", "Published, email waiting"),
            ("sent", "Published, customer emailed"),
            ("not_sent", "Published, customer not emailed"),
        ],
        string="Publication",
        compute="_compute_publication",
    )
    publication_reason = fields.Char(string="Why Not Emailed", compute="_compute_publication")
    thread_message_ids = fields.Many2many(
        "mail.message", string="Thread", compute="_compute_thread_message_ids", compute_sudo=False
    )
    thread_count = fields.Integer(string="Replies", compute="_compute_thread_message_ids", compute_sudo=False)

    @api.depends("topic_id")
    def _compute_name(self):
        for interaction in self:
            if not interaction.name and interaction.topic_id:
                interaction.name = interaction.topic_id.name

    @api.depends("followup_date")
    def _compute_followup_due(self):
        today = fields.Date.context_today(self)
        for interaction in self:
            interaction.followup_due = bool(interaction.followup_date and interaction.followup_date <= today)

    def _search_followup_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Follow-up Due."))
        today = fields.Date.context_today(self)
        due = [("followup_date", "<=", today)]
        return (
            due if (operator == "=") == value else ["|", ("followup_date", "=", False), ("followup_date", ">", today)]
        )

    @api.depends("partner_id")
    def _compute_contact(self):
        for interaction in self:
            partner = interaction.partner_id
            interaction.contact_name = partner.name or False
            interaction.contact_phone = partner.phone or partner.mobile or False

    @api.depends("partner_id")
    def _compute_user_id(self):
        for interaction in self:
            salesperson = interaction.partner_id.user_id or interaction.partner_id.commercial_partner_id.user_id
            interaction.user_id = salesperson or interaction.user_id

    @api.depends("direction")
    def _compute_publication(self):
        rows = (
            self.env["messaging.outbox"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", self.ids), ("kind", "=", "transactional")])
        )
        last_row = {}
        for row in rows.sorted("id"):
            last_row[row.res_id] = row
        service = self.env["messaging.service"]
        for interaction in self:
            row = last_row.get(interaction.id)
            interaction.publication_reason = False
            if interaction.direction == "internal":
                interaction.publication_state = "internal"
            elif not row or row.state == "pending":
                interaction.publication_state = "pending" if row else "not_sent"
                if not row and interaction.id:
                    interaction.publication_reason = self.env._("No email template for published interactions.")
            elif row.state == "done":
                interaction.publication_state = "sent"
            else:
                interaction.publication_state = "not_sent"
                interaction.publication_reason = row.error or service._reason_label(row.reason) or row.state

    @api.depends_context("uid")
    def _compute_thread_message_ids(self):
        by_interaction = defaultdict(list)
        if self.ids:
            messages = self.env["mail.message"].search(self._thread_domain(), order="date asc, id asc")
            for message in messages:
                by_interaction[message.res_id].append(message.id)
        for interaction in self:
            interaction.thread_message_ids = [fields.Command.set(by_interaction.get(interaction.id, []))]
            interaction.thread_count = len(by_interaction.get(interaction.id, []))

    def _thread_domain(self):
        """Messages of these interactions the customer may read: replies and
        emails, never notes, tracking or internal messages."""
        return [
            ("model", "=", self._name),
            ("res_id", "in", self.ids),
            ("message_type", "in", THREAD_MESSAGE_TYPES),
            ("is_internal", "=", False),
            "|",
            ("subtype_id", "=", False),
            ("subtype_id.internal", "=", False),
        ]

    # --- CRUD ---------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._subscribe_owner()
        interactions._sync_followup_activity()
        interactions._publish()
        return interactions

    def write(self, vals):
        result = super().write(vals)
        if vals.get("entered_by_id"):
            self._subscribe_owner()
        if {"followup_date", "followup_user_id", "name"} & set(vals):
            self._sync_followup_activity()
        if "direction" in vals or "partner_id" in vals:
            self._publish()  # internal ones are skipped; a new customer gets their own email
        return result

    def _subscribe_owner(self):
        """Whoever entered an interaction follows it, so the customer's answers
        (from the portal or by email) reach them, whoever created the record."""
        for interaction in self:
            owner = interaction.entered_by_id.partner_id
            if owner and owner not in interaction.message_partner_ids:
                interaction.message_subscribe(partner_ids=owner.ids)

    # --- follow-up ----------------------------------------------------------------------
    def _sync_followup_activity(self):
        """One to-do per interaction on its follow-up date, for its follow-up owner:
        created, moved or removed with the date."""
        for interaction in self:
            activity = interaction.followup_activity_id.exists()
            if not interaction.followup_date:
                if activity:
                    activity.unlink()
                continue
            values = {
                "date_deadline": interaction.followup_date,
                "user_id": (interaction.followup_user_id or interaction.entered_by_id).id,
                "summary": self.env._("Follow up: %(subject)s", subject=interaction.name),
            }
            if activity:
                activity.write(values)
            else:
                activity = interaction.activity_schedule("mail.mail_activity_data_todo", **values)
                interaction.followup_activity_id = activity

    # --- publication ----------------------------------------------------------------------
    def _publication_template(self):
        self.ensure_one()
        return self.company_id.messaging_interaction_template_id or self.env.ref(
            "customer_messaging.messaging_template_interaction_published", raise_if_not_found=False
        )

    def _publish(self):
        """Put the "new interaction on your portal" email of each published
        interaction in the outbox, once per customer; the
        dispatcher checks consent and sends it. An email cancelled because the
        interaction was made internal is planned again when it is published again."""
        rows = []
        for interaction in self.filtered(lambda i: i.direction != "internal"):
            template = interaction._publication_template()
            if not template:
                continue
            rows.append(
                {
                    "source": "interaction",
                    "event": "published",
                    "company_id": interaction.company_id.id,
                    "channel": "email",
                    "kind": "transactional",
                    "template_id": template.id,
                    "model": self._name,
                    "res_id": interaction.id,
                    "partner_id": interaction.partner_id.id,
                }
            )
        self.env["messaging.outbox"].sudo()._enqueue(rows, revive=True)

    def _messaging_outbox_not_relevant(self, rows):
        """Nothing leaves for an interaction made internal since (the customer must
        not be told about what is now for us only), nor to a customer it is no
        longer about."""
        result = super()._messaging_outbox_not_relevant(rows)
        current = {interaction.id: interaction for interaction in self}
        internal = rows.filtered(lambda row: current[row.res_id].direction == "internal")
        if internal:
            result[self.env._("The interaction was made internal before the email left.")] = internal
        moved = rows.filtered(lambda row: row.partner_id != current[row.res_id].partner_id) - internal
        if moved:
            result[self.env._("The interaction is now about another customer.")] = moved
        return result

    # --- template tags --------------------------------------------------------------------
    _INTERACTION_TAGS = [
        ("INTERACTIONURL", _lt("Link to the interaction on the customer portal")),
        ("TOPIC", _lt("Topic of the interaction")),
        ("NOTES", _lt("Notes of the interaction, as text")),
    ]

    def _messaging_template_tags(self):
        tags = super()._messaging_template_tags()
        lang = self.env.lang or "en_US"
        return tags + [TemplateTag.offered(name, description, lang) for name, description in self._INTERACTION_TAGS]

    def _messaging_template_values(self, partners):
        result = super()._messaging_template_values(partners)
        for interaction, values in zip(self, result, strict=True):
            values.update(
                {
                    "interactionurl": interaction._portal_url(),
                    "topic": interaction.topic_id.name or None,
                    "notes": tools.html2plaintext(interaction.notes or "") or None,
                }
            )
        return result

    def _portal_url(self):
        self.ensure_one()
        return f"{self.company_id.get_base_url()}/my/interactions/{self.id}"

    # --- actions --------------------------------------------------------------------------
    def action_reply(self):
        """The reply form: an email to the customer, on the interaction's thread."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reply"),
            "res_model": "messaging.interaction.reply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interaction_id": self.id},
        }

    def _reply(self, body, *, send_email=True):
        """Our reply on the thread of this interaction: emailed to the customer
        through the sending path (``send_email``), or only posted for the portal."""
        self.ensure_one()
        if self.direction == "internal":
            raise UserError(self.env._("This interaction is internal: the customer cannot read replies to it."))
        if tools.is_html_empty(body):
            raise UserError(self.env._("Write a reply before sending it."))
        body = tools.html_sanitize(body)  # Markup: posted as HTML, not escaped as text
        subject = self.env._("Re: %(subject)s", subject=self.name)
        if not self.env.user.email:
            # Odoo needs the author's address for any message a customer may answer
            raise UserError(self.env._("Set your email address in your preferences before replying to customers."))
        if send_email:
            __, message = self.env["messaging.service"]._send_direct(
                self, self.partner_id, "email", subject=subject, body=body, kind="manual"
            )
            return message
        return self.message_post(
            body=body,
            subject=subject,
            message_type="comment",
            subtype_xmlid="customer_messaging.mt_customer_message",
        )

    def _schedule_task(self, date, user, summary=None):
        """Reply and make it a task: a to-do on this interaction."""
        self.ensure_one()
        return self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=date or fields.Date.context_today(self),
            summary=summary or self.env._("Follow up the reply to %(customer)s", customer=self.partner_id.name),
            user_id=(user or self.env.user).id,
        )

    # --- portal ---------------------------------------------------------------------------
    @api.model
    def _portal_domain(self):
        """What the current portal user may see: their commercial entity's published interactions."""
        return [
            ("commercial_partner_id", "=", self.env.user.partner_id.commercial_partner_id.id),
            ("direction", "!=", "internal"),
        ]

    def _portal_check(self):
        """Raise unless the current user may read these interactions on the portal."""
        self.check_access("read")
        if self.filtered_domain(self._portal_domain()) != self:
            raise AccessError(self.env._("You cannot see this interaction."))

    def _portal_messages(self):
        """The thread as the customer sees it (oldest first), after checking access."""
        self.ensure_one()
        self._portal_check()
        return self.env["mail.message"].sudo().search(self._thread_domain(), order="date asc, id asc")

    def _portal_reply(self, body):
        """The current portal user answers this interaction: an incoming message on
        its thread, authored by them, and the owner (who entered it) is notified."""
        self.ensure_one()
        self._portal_check()
        body = (body or "").strip()
        if not body:
            raise UserError(self.env._("Write a reply before sending it."))
        if len(body) > PORTAL_REPLY_MAX_LENGTH:
            raise UserError(self.env._("A reply may have at most %(count)s characters.", count=PORTAL_REPLY_MAX_LENGTH))
        owner = self.sudo().entered_by_id
        owner = owner.partner_id if owner.active else self.env["res.partner"]
        # sudo for posting only: the customer may read this interaction, not write it
        return (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .message_post(
                body=tools.plaintext2html(body),
                author_id=self.env.user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=owner.ids,
            )
        )
