from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from messaging_core.errors import MessagingError
from messaging_core.templating import has_code

from ..tools.core_errors import translate_core_error


class MessagingBulk(models.Model):
    """A send to many customers at once, run in the background through the outbox;
    it keeps its summary (sent, skipped by reason, failed) for the user to reopen."""

    _name = "messaging.bulk"
    _description = "Bulk Customer Message"
    _inherit = ["mail.thread", "messaging.code.guard"]
    _order = "id desc"
    _messaging_code_fields = ("subject", "body_html", "body_text")
    _messaging_code_template_field = "template_id"

    name = fields.Char(required=True, default=lambda self: self.env._("Bulk send"))
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="email")
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, readonly=True)
    user_id = fields.Many2one("res.users", string="Sent By", default=lambda self: self.env.user, readonly=True)
    template_id = fields.Many2one("messaging.template", ondelete="restrict")
    subject = fields.Char()
    body_html = fields.Html(string="Body", sanitize=True)
    body_text = fields.Text(string="Text")
    partner_ids = fields.Many2many("res.partner", string="Recipients")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Sending"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    date_start = fields.Datetime(string="Started", readonly=True)
    date_done = fields.Datetime(string="Finished", readonly=True)
    outbox_ids = fields.One2many("messaging.outbox", "bulk_id", string="Outbox Rows", readonly=True)
    recipient_count = fields.Integer(string="Recipient Count", compute="_compute_counts")
    pending_count = fields.Integer(string="To Send", compute="_compute_counts")
    sent_count = fields.Integer(string="Sent", compute="_compute_counts")
    skipped_count = fields.Integer(string="Skipped", compute="_compute_counts")
    failed_count = fields.Integer(string="Failed", compute="_compute_counts")
    progress = fields.Float(compute="_compute_counts")
    summary = fields.Html(compute="_compute_counts", sanitize=False)

    # a message written is not a message that left: what its notification says since
    _LEFT = ("sent", "pending")  # pending: an SMS the provider accepted
    _FAILED_AFTER = ("exception", "bounce", "canceled")

    def _rows(self):
        """``{bulk id: [(state, reason, count)]}``: the outbox rows, and for those
        written, what became of the email or SMS: ``left`` (handed to the SMTP server,
        accepted by the SMS provider), ``failed`` after, or still ``sending``."""
        data = {}
        if not self.ids:
            return data
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT o.bulk_id,
                   CASE WHEN o.state != 'done' THEN o.state
                        WHEN n.notification_status IN %s THEN 'left'
                        WHEN n.notification_status IN %s THEN 'failed'
                        ELSE 'sending' END AS state,
                   CASE WHEN o.state = 'done' AND n.notification_status IN %s THEN 'sent_failed'
                        ELSE o.reason END AS reason,
                   count(*)
              FROM messaging_outbox o
         LEFT JOIN mail_notification n
                ON o.state = 'done' AND n.mail_message_id = o.message_id AND n.res_partner_id = o.partner_id
             WHERE o.bulk_id IN %s
          GROUP BY 1, 2, 3
            """,
                self._LEFT,
                self._FAILED_AFTER,
                self._FAILED_AFTER,
                tuple(self.ids),
            ),
        )
        for bulk_id, state, reason, count in self.env.cr.fetchall():
            data.setdefault(bulk_id, []).append((state, reason, count))
        return data

    def _waiting_ids(self):
        """The ids of these bulks with a message still to leave: an outbox row
        pending, or written but not yet taken by the SMTP server or the SMS provider
        (``sending`` in :meth:`_rows`). Each bulk's search stops at its first such row,
        so a large bulk in progress costs little each time the queues run; only the
        last checks read all its rows."""
        if not self.ids:
            return set()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT b.id
              FROM unnest(%s::int[]) AS b(id)
             WHERE EXISTS (SELECT 1 FROM messaging_outbox o WHERE o.bulk_id = b.id AND o.state = 'pending')
                OR EXISTS (SELECT 1
                             FROM messaging_outbox o
                        LEFT JOIN mail_notification n
                               ON n.mail_message_id = o.message_id AND n.res_partner_id = o.partner_id
                            WHERE o.bulk_id = b.id AND o.state = 'done'
                              AND (n.notification_status IS NULL OR n.notification_status NOT IN %s))
            """,
                self.ids,
                self._LEFT + self._FAILED_AFTER,
            ),
        )
        return {bulk_id for (bulk_id,) in self.env.cr.fetchall()}

    @api.depends("state", "outbox_ids.state")
    def _compute_counts(self):
        data = self._rows()
        label = self.env["messaging.service"]._reason_label
        for bulk in self:
            rows = data.get(bulk.id, [])
            by_state = {}
            reasons = {}
            for state, reason, count in rows:
                by_state[state] = by_state.get(state, 0) + count
                if state in ("skipped", "failed", "cancelled") or (state == "pending" and reason):
                    reasons[(state, reason)] = reasons.get((state, reason), 0) + count
            total = sum(by_state.values()) or len(bulk.partner_ids)
            bulk.recipient_count = total
            bulk.pending_count = by_state.get("pending", 0) + by_state.get("sending", 0)
            bulk.sent_count = by_state.get("left", 0)
            bulk.skipped_count = by_state.get("skipped", 0) + by_state.get("cancelled", 0)
            bulk.failed_count = by_state.get("failed", 0)
            if by_state.get("sending"):
                reasons[("sending", "sending")] = by_state["sending"]
            bulk.progress = 100.0 * (total - bulk.pending_count) / total if total and rows else 0.0
            lines = [
                Markup("<li>%s: %s</li>")
                % (
                    label(reason) + (self.env._(" (waiting)") if state == "pending" else ""),
                    count,
                )
                for (state, reason), count in sorted(reasons.items(), key=lambda item: -item[1])
            ]
            bulk.summary = Markup("<ul>%s</ul>") % Markup("").join(lines) if lines else False

    def _sources(self):
        self.ensure_one()
        body = (self.body_text or "", "text") if self.channel == "sms" else (self.body_html or "", "html")
        return [(self.subject or "", "text"), body]

    def _uses_code(self):
        return any(has_code(source) for source, __ in self._sources())

    def _render_one(self, record, value, scope=None):
        """Subject and body written in the composer (no template), tags replaced."""
        self.ensure_one()
        if self._uses_code() and not self.user_id._messaging_is_template_designer():
            # written before the model refused it, or by a path that bypassed the ORM
            raise UserError(
                self.env._(
                    "This bulk send holds template code ({{ }}, {%% %%}) written by %s, who is not a "
                    "template designer: it is not evaluated.",
                    self.user_id.name,
                )
            )
        renderer = record._messaging_renderer()
        if scope is None:
            scope = self.env["messaging.service"]._render_scope("text" if self.channel == "sms" else "html")
        try:
            return tuple(renderer.render(source, value, mode=mode, scope=scope) for source, mode in self._sources())
        except MessagingError as error:
            raise UserError(translate_core_error(self.env, error)) from None

    def action_start(self):
        """Queue one outbox row per recipient; the dispatcher sends them in batches."""
        for bulk in self:
            self.env.cr.execute(SQL("SELECT state FROM messaging_bulk WHERE id = %s FOR UPDATE", bulk.id))
            bulk.invalidate_recordset(["state"])
            if bulk.state != "draft":
                raise UserError(self.env._("“%s” was already started.", bulk.name))
            if not bulk.partner_ids:
                raise UserError(self.env._("Add at least one recipient."))
            if not bulk.template_id and not (bulk.body_text if bulk.channel == "sms" else bulk.body_html):
                raise UserError(self.env._("Write a message or choose a template."))
            service = self.env["messaging.service"]
            service._check_designer([source for source, __ in bulk._sources()])
            __, sendable, over = service._forecast(bulk.partner_ids, bulk.channel, bulk.company_id)
            if over:
                raise UserError(service._quota_message(bulk.company_id, bulk.channel, sendable, sendable - over))
            partner_ids = bulk.partner_ids.ids
            for chunk in split_every(1000, partner_ids):
                self.env["messaging.outbox"]._enqueue(
                    [
                        {
                            "source": "bulk",
                            "event": bulk.id,
                            "company_id": bulk.company_id.id,
                            "channel": bulk.channel,
                            "kind": "marketing",
                            "template_id": bulk.template_id.id or None,
                            "bulk_id": bulk.id,
                            "model": "res.partner",
                            "res_id": partner_id,
                            "partner_id": partner_id,
                        }
                        for partner_id in chunk
                    ]
                )
            bulk.write({"state": "running", "date_start": fields.Datetime.now()})
        self.env.ref("customer_messaging.ir_cron_messaging_outbox")._trigger()
        return True

    def action_cancel(self):
        for bulk in self.filtered(lambda b: b.state in ("draft", "running")):
            bulk.outbox_ids.action_cancel()
            bulk.state = "cancelled"

    @api.model
    def _refresh_running(self):
        """After the mail or SMS queue ran: the running bulks whose messages all left
        (or failed) are done; and if outbox rows are due, the outbox cron is woken
        (its worker may have been killed: the rest does not wait for its next run)."""
        self.sudo().search([("state", "=", "running")])._refresh_state()
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM messaging_outbox WHERE state = 'pending' AND planned_at <= %s LIMIT 1",
                fields.Datetime.now(),
            ),
        )
        if self.env.cr.fetchone():
            self.env.ref("customer_messaging.ir_cron_messaging_outbox").sudo()._trigger()

    def _refresh_state(self):
        """Running bulks are done once every message left or failed: not when it is
        written, but when the SMTP server or the SMS provider took it (one query)."""
        running = self.filtered(lambda b: b.state == "running")
        if not running:
            return
        waiting = running._waiting_ids()
        for bulk in running.filtered(lambda b: b.id not in waiting):
            bulk.write({"state": "done", "date_done": fields.Datetime.now()})
            bulk.message_post(
                body=self.env._(
                    "Finished: %(sent)s sent, %(skipped)s skipped, %(failed)s failed.",
                    sent=bulk.sent_count,
                    skipped=bulk.skipped_count,
                    failed=bulk.failed_count,
                ),
                partner_ids=bulk.user_id.partner_id.ids,
            )

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_outbox_action")
        action["domain"] = [("bulk_id", "=", self.id)]
        action["context"] = {"search_default_group_state": 1}
        return action
