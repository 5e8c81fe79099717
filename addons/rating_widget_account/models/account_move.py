from odoo import models

from odoo.addons.rating_widget.tools.rating_status import status_fields


class AccountMove(models.Model):
    _inherit = "account.move"

    rw_rating_status, rw_last_rating, rw_last_rating_feedback, rw_last_rating_date = status_fields()

    def _rw_responsible(self):
        self.ensure_one()
        return self.invoice_user_id or super()._rw_responsible()
