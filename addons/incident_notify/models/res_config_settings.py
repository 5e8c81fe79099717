from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    incident_notify_created = fields.Boolean(related="company_id.incident_notify_created", readonly=False)
    incident_notify_closed = fields.Boolean(related="company_id.incident_notify_closed", readonly=False)
    incident_notify_closed_delay = fields.Integer(related="company_id.incident_notify_closed_delay", readonly=False)
    incident_notify_created_email_template_id = fields.Many2one(
        related="company_id.incident_notify_created_email_template_id", readonly=False
    )
    incident_notify_closed_email_template_id = fields.Many2one(
        related="company_id.incident_notify_closed_email_template_id", readonly=False
    )
    incident_notify_created_sms_template_id = fields.Many2one(
        related="company_id.incident_notify_created_sms_template_id", readonly=False
    )
    incident_notify_closed_sms_template_id = fields.Many2one(
        related="company_id.incident_notify_closed_sms_template_id", readonly=False
    )
    incident_notify_created_subject = fields.Char(
        string="Ticket Created: Subject",
        related="company_id.incident_notify_created_email_template_id.subject",
        readonly=False,
    )
    incident_notify_created_body = fields.Html(
        string="Ticket Created: Message",
        related="company_id.incident_notify_created_email_template_id.body_html",
        readonly=False,
    )
    incident_notify_created_sms_text = fields.Text(
        string="Ticket Created: SMS Text",
        related="company_id.incident_notify_created_sms_template_id.body_text",
        readonly=False,
    )
    incident_notify_closed_subject = fields.Char(
        string="Ticket Closed: Subject",
        related="company_id.incident_notify_closed_email_template_id.subject",
        readonly=False,
    )
    incident_notify_closed_body = fields.Html(
        string="Ticket Closed: Message",
        related="company_id.incident_notify_closed_email_template_id.body_html",
        readonly=False,
    )
    incident_notify_closed_sms_text = fields.Text(
        string="Ticket Closed: SMS Text",
        related="company_id.incident_notify_closed_sms_template_id.body_text",
        readonly=False,
    )

    def action_incident_notify_open_helpdesk_settings(self):
        """The Helpdesk settings, where the ticket notices are."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settings"),
            "res_model": "res.config.settings",
            "view_mode": "form",
            "target": "inline",
            "context": {"module": "helpdesk_mgmt", "bin_size": False},
        }
