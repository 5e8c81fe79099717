from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debtor_pay_all = fields.Boolean(related="company_id.debtor_pay_all", readonly=False)
    debtor_pay_all_has_provider = fields.Boolean(compute="_compute_debtor_pay_all_has_provider")

    @api.depends("company_id")
    def _compute_debtor_pay_all_has_provider(self):
        for settings in self:
            settings.debtor_pay_all_has_provider = self.env["debtor.reminder"]._debtor_has_provider(settings.company_id)
