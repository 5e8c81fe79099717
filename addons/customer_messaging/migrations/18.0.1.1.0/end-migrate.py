"""Upgrade from 18.0.1.0.0: give invoices, orders and tickets their "Email / SMS the
customer" actions. While modules update, the data of this module loads before the
document models of modules loaded later, so the actions are made here, at the end."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["messaging.service"]._cm_bind_document_models()
