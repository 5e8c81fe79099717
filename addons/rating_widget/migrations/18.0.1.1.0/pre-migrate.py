"""Upgrade to 18.0.1.1.0: the rating status of invoices and orders moved to the bridges
rating_widget_account and rating_widget_sale (installed by post-migrate). Their views
here go: the bridges make them again; the ratings and the stored status stay."""

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_messaging.tools.bridges import drop_views

VIEWS = [
    "account_move_view_form",
    "account_move_view_list",
    "account_move_view_search",
    "sale_order_view_form",
    "sale_order_view_list",
    "sale_order_view_search",
]


def migrate(cr, version):
    drop_views(api.Environment(cr, SUPERUSER_ID, {}), "rating_widget", VIEWS)
