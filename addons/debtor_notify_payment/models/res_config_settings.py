from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    debtor_pay_all = fields.Boolean(related="company_id.debtor_pay_all", readonly=False)
    debtor_pay_all_provider_count = fields.Integer(compute="_compute_debtor_pay_all_provider_count")

    @api.depends("company_id")
    def _compute_debtor_pay_all_provider_count(self):
        for settings in self:
            settings.debtor_pay_all_provider_count = self.env["payment.provider"].search_count(
                [("state", "in", ("enabled", "test")), ("company_id", "=", settings.company_id.id)]
            )
