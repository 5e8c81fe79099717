"""Upgrade to 18.0.1.2.0: the fields this module adds to Odoo's shared models are named
``rating_widget_…`` instead of the abbreviated ``rw_…``; their data stays where it was."""

from odoo.addons.customer_messaging.tools.renames import rename_fields

RENAMES = [
    ("rating.rating", "rw_browser_hash", "rating_widget_browser_hash"),
    ("rating.rating", "rw_company_id", "rating_widget_company_id"),
    ("rating.rating", "rw_customer_id", "rating_widget_customer_id"),
    ("rating.rating", "rw_expires_at", "rating_widget_expires_at"),
    ("rating.rating", "rw_form_issued", "rating_widget_form_issued"),
    ("rating.rating", "rw_rated_at", "rating_widget_rated_at"),
    ("rating.rating", "rw_team", "rating_widget_team"),
    ("rating.rating", "rw_user_id", "rating_widget_user_id"),
    ("rating.rating", "rw_widget", "rating_widget_request"),
    ("res.company", "rw_notify_email", "rating_widget_notify_email"),
    ("res.company", "rw_token_days", "rating_widget_token_days"),
    ("res.company", "rw_widget_style", "rating_widget_style"),
    ("res.config.settings", "rw_notify_email", "rating_widget_notify_email"),
    ("res.config.settings", "rw_token_days", "rating_widget_token_days"),
    ("res.config.settings", "rw_widget_style", "rating_widget_style"),
    ("res.partner", "rw_last_rating", "rating_widget_last_rating"),
    ("res.partner", "rw_last_rating_date", "rating_widget_last_rating_date"),
    ("res.partner", "rw_last_rating_feedback", "rating_widget_last_rating_feedback"),
    ("res.partner", "rw_rating_status", "rating_widget_status"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
