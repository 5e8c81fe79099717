from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cm_sms_provider_mode = fields.Selection(related="company_id.cm_sms_provider_mode", readonly=False)
    cm_sms_provider_count = fields.Integer(string="SMS Provider Count", compute="_compute_cm_sms_provider_count")

    @api.depends("company_id")
    def _compute_cm_sms_provider_count(self):
        for settings in self:
            settings.cm_sms_provider_count = self.env["messaging.sms.provider"].search_count(
                [("company_id", "=", settings.company_id.id)]
            )

    def action_cm_open_sms_providers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_sms_provider_action")
        action["context"] = {"default_company_id": self.company_id.id}
        action["domain"] = [("company_id", "=", self.company_id.id)]
        return action
