from odoo import fields, models


class DebtorReminderLevel(models.Model):
    """A step of the reminder escalation: friendly, firm, final... each with its
    templates (one per language) and the days it waits."""

    _name = "debtor.reminder.level"
    _description = "Payment Reminder Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: every company.")
    delay_days = fields.Integer(
        string="Days",
        default=7,
        help="First level: days overdue before it is sent. Next levels: days after the previous reminder.",
    )
    email_template_id = fields.Many2one(
        "messaging.template",
        string="Email Template",
        domain="[('model', '=', 'debtor.reminder'), ('channel', '=', 'email')]",
        help="Its texts are translated: each customer reads it in their language.",
    )
    sms_template_id = fields.Many2one(
        "messaging.template",
        string="SMS Template",
        domain="[('model', '=', 'debtor.reminder'), ('channel', '=', 'sms')]",
        help="Its texts are translated: each customer reads it in their language.",
    )

    def _debtor_template(self, channel):
        """The template of this level for ``channel`` (one template, every language:
        the outbox renders it in each customer's)."""
        self.ensure_one()
        template = self.email_template_id if channel == "email" else self.sms_template_id
        return template if template.active else template.browse()

    def _debtor_next(self, company):
        """The level after this one (the first one for an empty recordset), or nothing."""
        levels = self.search([("company_id", "in", [company.id, False])])
        if not self:
            return levels[:1]
        later = levels.filtered(lambda level: (level.sequence, level.id) > (self.sequence, self.id))
        return later[:1]
