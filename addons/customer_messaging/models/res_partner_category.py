from odoo import models


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    def _cm_customers(self):
        return self.env["res.partner"].search([("category_id", "child_of", self.ids)])

    def action_cm_write_email(self):
        return self._cm_customers()._cm_composer_action("email")

    def action_cm_write_sms(self):
        return self._cm_customers()._cm_composer_action("sms")
