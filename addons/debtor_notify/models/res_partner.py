from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    debtor_no_reminder = fields.Boolean(
        string="No Payment Reminders",
        default=lambda self: not self.env.company.debtor_reminder_default,
        copy=False,
        help="This customer never receives unpaid-invoice reminders, manual or automatic.",
    )
    debtor_last_reminder_date = fields.Date(
        string="Last Payment Reminder", company_dependent=True, readonly=True, copy=False
    )
    debtor_level_id = fields.Many2one(
        "debtor.reminder.level",
        string="Reminder Level Reached",
        company_dependent=True,
        readonly=True,
        copy=False,
        help="The last level of automatic reminders sent; back to none once nothing is overdue.",
    )
    debtor_reminder_count = fields.Integer(string="Payment Reminders", compute="_compute_debtor_reminder_count")

    def _compute_debtor_reminder_count(self):
        counts = dict(
            self.env["debtor.reminder"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids), ("state", "=", "sent")],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.debtor_reminder_count = counts.get(partner.commercial_partner_id, 0)

    @api.model
    def _commercial_fields(self):
        return [*super()._commercial_fields(), "debtor_no_reminder"]

    def action_debtor_notify(self):
        """The unpaid-invoice reminder wizard for these customers."""
        return self.env["debtor.notify.wizard"]._debtor_wizard_action(self.commercial_partner_id)

    def action_debtor_open_reminders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("debtor_notify.debtor_reminder_action")
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        return action
