"""Upgrade to 18.0.1.1.0: ``cm_credit_hold_overdue_days`` is named
``messaging_credit_hold_overdue_days``, as the other fields the suite adds to shared models."""

from odoo.addons.customer_messaging.tools.renames import rename_fields

RENAMES = [
    ("res.company", "cm_credit_hold_overdue_days", "messaging_credit_hold_overdue_days"),
    ("res.config.settings", "cm_credit_hold_overdue_days", "messaging_credit_hold_overdue_days"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
