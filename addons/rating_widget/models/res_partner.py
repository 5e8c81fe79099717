from odoo import models

from ..tools.rating_status import status_fields


class ResPartner(models.Model):
    _inherit = "res.partner"

    rw_rating_status, rw_last_rating, rw_last_rating_feedback, rw_last_rating_date = status_fields()

    def _rw_rating_domain(self):
        # a customer's status: the ratings of all its documents, whoever of its contacts rated
        return [("rw_widget", "=", True), ("rw_customer_id", "in", self.ids)]

    def _rw_rating_key(self, rating):
        return rating.rw_customer_id.id
