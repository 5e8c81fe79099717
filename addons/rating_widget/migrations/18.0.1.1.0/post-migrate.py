"""Upgrade to 18.0.1.1.0: the rating status of invoices and orders moved to the bridges
rating_widget_account and rating_widget_sale; a database that has them gets them."""

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_messaging.tools.bridges import install_bridges


def migrate(cr, version):
    install_bridges(api.Environment(cr, SUPERUSER_ID, {}), ["rating_widget_account", "rating_widget_sale"])
