from odoo import models


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    def _messaging_customers(self):
        return self.env["res.partner"].search([("category_id", "child_of", self.ids)])

    def action_messaging_write_email(self):
        return self._messaging_customers()._messaging_composer_action("email")

    def action_messaging_write_sms(self):
        return self._messaging_customers()._messaging_composer_action("sms")
