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
    email_template_ids = fields.Many2many(
        "messaging.template",
        "debtor_reminder_level_email_template_rel",
        "level_id",
        "template_id",
        string="Email Templates",
        domain="[('model', '=', 'debtor.reminder'), ('channel', '=', 'email')]",
        help="One per language; the one without language serves the others.",
    )
    sms_template_ids = fields.Many2many(
        "messaging.template",
        "debtor_reminder_level_sms_template_rel",
        "level_id",
        "template_id",
        string="SMS Templates",
        domain="[('model', '=', 'debtor.reminder'), ('channel', '=', 'sms')]",
    )

    def _debtor_template(self, channel, lang):
        """The template of this level for ``channel`` in ``lang`` (else the one
        without language, else the first)."""
        self.ensure_one()
        templates = (self.email_template_ids if channel == "email" else self.sms_template_ids).filtered("active")
        return (
            templates.filtered(lambda t: t.debtor_lang_id.code == lang)[:1]
            or templates.filtered(lambda t: not t.debtor_lang_id)[:1]
            or templates[:1]
        )

    def _debtor_next(self, company):
        """The level after this one (the first one for an empty recordset), or nothing."""
        levels = self.search([("company_id", "in", [company.id, False])])
        if not self:
            return levels[:1]
        later = levels.filtered(lambda level: (level.sequence, level.id) > (self.sequence, self.id))
        return later[:1]
