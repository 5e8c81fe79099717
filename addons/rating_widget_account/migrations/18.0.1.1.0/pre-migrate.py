"""Upgrade to 18.0.1.1.0: the fields this module adds to Odoo's shared models are named
``rating_widget_…`` instead of the abbreviated ``rw_…``; their data stays where it was."""

from odoo.addons.customer_messaging.tools.renames import rename_fields

RENAMES = [
    ("account.move", "rw_last_rating", "rating_widget_last_rating"),
    ("account.move", "rw_last_rating_date", "rating_widget_last_rating_date"),
    ("account.move", "rw_last_rating_feedback", "rating_widget_last_rating_feedback"),
    ("account.move", "rw_rating_status", "rating_widget_status"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
