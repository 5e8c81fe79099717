from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    incident_notify_created = fields.Boolean(
        string="Notify Ticket Creation",
        default=True,
        help="New tickets have “Notify the customer of creation” ticked (it can be changed on each ticket).",
    )
    incident_notify_closed = fields.Boolean(
        string="Notify Ticket Closing",
        default=True,
        help="New tickets have “Notify the customer of closing” ticked (it can be changed on each ticket).",
    )
    incident_notify_closed_delay = fields.Integer(
        string="Closing Notice Delay (Hours)",
        default=0,
        help="Hours to wait after a ticket is closed before its closing notice, and the rating "
        "request in it, goes out (customers answer a survey better once the matter has settled: "
        "24 is common). A ticket reopened meanwhile gets none. 0: at once.",
    )
    incident_notify_created_email_template_id = fields.Many2one(
        "messaging.template", string="Ticket Created: Email", domain="[('model', '=', 'helpdesk.ticket')]"
    )
    incident_notify_created_sms_template_id = fields.Many2one(
        "messaging.template", string="Ticket Created: SMS", domain="[('model', '=', 'helpdesk.ticket')]"
    )
    incident_notify_closed_email_template_id = fields.Many2one(
        "messaging.template", string="Ticket Closed: Email", domain="[('model', '=', 'helpdesk.ticket')]"
    )
    incident_notify_closed_sms_template_id = fields.Many2one(
        "messaging.template", string="Ticket Closed: SMS", domain="[('model', '=', 'helpdesk.ticket')]"
    )

    _sql_constraints = [
        (
            "incident_notify_closed_delay_positive",
            "CHECK(incident_notify_closed_delay >= 0)",
            "The closing notice delay cannot be negative.",
        ),
    ]

    def _incident_notify_set_default_templates(self):
        """Give every company the templates shipped with the module (at install)."""
        for event in ("created", "closed"):
            for channel in ("email", "sms"):
                fname = f"incident_notify_{event}_{channel}_template_id"
                template = self.env.ref(f"incident_notify.messaging_template_ticket_{event}_{channel}", False)
                self.search([(fname, "=", False)]).write({fname: template.id if template else False})
