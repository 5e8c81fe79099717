from odoo import models

from odoo.addons.rating_widget.tools.rating_status import status_fields


class SaleOrder(models.Model):
    _inherit = "sale.order"

    rw_rating_status, rw_last_rating, rw_last_rating_feedback, rw_last_rating_date = status_fields()
