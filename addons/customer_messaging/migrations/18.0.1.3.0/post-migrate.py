"""Upgrade to 18.0.1.3.0: install the bridges of the apps this database has, so that
invoices, orders, leads and repairs keep their actions and the credit hold its
invoices (see tools/bridges.py)."""

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_messaging.tools.bridges import install_bridges

BRIDGES = [
    "customer_messaging_account",
    "customer_messaging_sale",
    "customer_messaging_crm",
    "customer_messaging_repair",
]


def migrate(cr, version):
    install_bridges(api.Environment(cr, SUPERUSER_ID, {}), BRIDGES)
