from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debtor_reminder_default = fields.Boolean(related="company_id.debtor_reminder_default", readonly=False)
    debtor_min_days_overdue = fields.Integer(related="company_id.debtor_min_days_overdue", readonly=False)
    debtor_min_days_between = fields.Integer(related="company_id.debtor_min_days_between", readonly=False)
    debtor_use_sms = fields.Boolean(related="company_id.debtor_use_sms", readonly=False)
    debtor_attach_pdf = fields.Boolean(related="company_id.debtor_attach_pdf", readonly=False)
    debtor_attach_statement = fields.Boolean(related="company_id.debtor_attach_statement", readonly=False)
    debtor_link_days = fields.Integer(related="company_id.debtor_link_days", readonly=False)
    debtor_auto = fields.Boolean(related="company_id.debtor_auto", readonly=False)

    def action_debtor_open_levels(self):
        return self.env["ir.actions.act_window"]._for_xml_id("debtor_notify.debtor_reminder_level_action")

    def action_debtor_preview_next_run(self):
        return self.env["debtor.notify.wizard"]._debtor_preview_action(self.company_id)

    debtor_thank_you = fields.Boolean(related="company_id.debtor_thank_you", readonly=False)
    debtor_thank_you_template_id = fields.Many2one(related="company_id.debtor_thank_you_template_id", readonly=False)
    debtor_upcoming_days = fields.Integer(related="company_id.debtor_upcoming_days", readonly=False)
    debtor_upcoming_template_id = fields.Many2one(related="company_id.debtor_upcoming_template_id", readonly=False)
