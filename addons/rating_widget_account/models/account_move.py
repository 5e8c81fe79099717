from odoo import models

from odoo.addons.rating_widget.tools.rating_status import status_fields


class AccountMove(models.Model):
    _inherit = "account.move"

    (
        rating_widget_status,
        rating_widget_last_rating,
        rating_widget_last_rating_feedback,
        rating_widget_last_rating_date,
    ) = status_fields()

    def _rating_widget_responsible(self):
        self.ensure_one()
        return self.invoice_user_id or super()._rating_widget_responsible()
