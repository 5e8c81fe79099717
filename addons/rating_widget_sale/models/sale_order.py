from odoo import models

from odoo.addons.rating_widget.tools.rating_status import status_fields


class SaleOrder(models.Model):
    _inherit = "sale.order"

    (
        rating_widget_status,
        rating_widget_last_rating,
        rating_widget_last_rating_feedback,
        rating_widget_last_rating_date,
    ) = status_fields()
