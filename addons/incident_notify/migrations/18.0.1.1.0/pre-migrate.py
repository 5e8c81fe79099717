"""Upgrade to 18.0.1.1.0: the fields this module adds to Odoo's shared models are named
``incident_notify_…`` instead of the abbreviated ``in_…``; their data stays where it was."""

from odoo.addons.customer_messaging.tools.renames import rename_fields, rename_in_text

RENAMES = [
    ("helpdesk.ticket", "in_notify_closed", "incident_notify_closed"),
    ("helpdesk.ticket", "in_notify_created", "incident_notify_created"),
    ("res.company", "in_closed_email_template_id", "incident_notify_closed_email_template_id"),
    ("res.company", "in_closed_sms_template_id", "incident_notify_closed_sms_template_id"),
    ("res.company", "in_created_email_template_id", "incident_notify_created_email_template_id"),
    ("res.company", "in_created_sms_template_id", "incident_notify_created_sms_template_id"),
    ("res.company", "in_notify_closed", "incident_notify_closed"),
    ("res.company", "in_notify_created", "incident_notify_created"),
    ("res.config.settings", "in_closed_body", "incident_notify_closed_body"),
    ("res.config.settings", "in_closed_email_template_id", "incident_notify_closed_email_template_id"),
    ("res.config.settings", "in_closed_sms_template_id", "incident_notify_closed_sms_template_id"),
    ("res.config.settings", "in_closed_sms_text", "incident_notify_closed_sms_text"),
    ("res.config.settings", "in_closed_subject", "incident_notify_closed_subject"),
    ("res.config.settings", "in_created_body", "incident_notify_created_body"),
    ("res.config.settings", "in_created_email_template_id", "incident_notify_created_email_template_id"),
    ("res.config.settings", "in_created_sms_template_id", "incident_notify_created_sms_template_id"),
    ("res.config.settings", "in_created_sms_text", "incident_notify_created_sms_text"),
    ("res.config.settings", "in_created_subject", "incident_notify_created_subject"),
    ("res.config.settings", "in_notify_closed", "incident_notify_closed"),
    ("res.config.settings", "in_notify_created", "incident_notify_created"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
        # the settings' button calls it: renamed in the views kept in the database too
        rename_in_text(cr, "action_in_open_helpdesk_settings", "action_incident_notify_open_helpdesk_settings")
