from odoo import api, fields, models
from odoo.exceptions import UserError


class MessagingInteractionReply(models.TransientModel):
    """A reply to a customer interaction: posted on its thread (the customer reads
    it on the portal) and emailed to the customer through the sending path;
    "Send + To-do" also makes it a task for someone."""

    _name = "messaging.interaction.reply"
    _description = "Reply to a Customer Interaction"

    interaction_id = fields.Many2one("messaging.interaction", required=True, ondelete="cascade")
    partner_id = fields.Many2one(related="interaction_id.partner_id", string="Customer")
    body = fields.Html(string="Reply", required=True, sanitize=True)
    send_email = fields.Boolean(
        string="Email the Customer",
        default=True,
        help="Also send the reply by email. Without it, the customer reads it on the portal.",
    )
    task_date = fields.Date(string="To-do Date", default=fields.Date.context_today)
    task_user_id = fields.Many2one(
        "res.users", string="To-do For", default=lambda self: self.env.user, domain="[('share', '=', False)]"
    )
    task_summary = fields.Char(string="To-do")
    history_message_ids = fields.Many2many(related="interaction_id.thread_message_ids", string="History")

    @api.constrains("interaction_id")
    def _check_interaction(self):
        for reply in self:
            if reply.interaction_id.direction == "internal":
                raise UserError(reply.env._("This interaction is internal: the customer cannot read replies to it."))

    def action_send(self):
        self.ensure_one()
        self._send()
        return {"type": "ir.actions.act_window_close"}

    def action_send_and_task(self):
        """Send + To-do: the reply leaves and the interaction gets a to-do."""
        self.ensure_one()
        self._send()
        self.interaction_id._schedule_task(self.task_date, self.task_user_id, self.task_summary)
        return {"type": "ir.actions.act_window_close"}

    def _send(self):
        return self.interaction_id._reply(self.body, send_email=self.send_email)
