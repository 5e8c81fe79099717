from odoo import models

from ..tools.rating_status import status_fields


class ResPartner(models.Model):
    _inherit = "res.partner"

    (
        rating_widget_status,
        rating_widget_last_rating,
        rating_widget_last_rating_feedback,
        rating_widget_last_rating_date,
    ) = status_fields()

    def _rating_widget_rating_domain(self):
        # a customer's status: the ratings of all its documents, whoever of its contacts rated
        return [("rating_widget_request", "=", True), ("rating_widget_customer_id", "in", self.ids)]

    def _rating_widget_rating_key(self, rating):
        return rating.rating_widget_customer_id.id
