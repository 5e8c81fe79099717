from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    messaging_sms_provider_mode = fields.Selection(related="company_id.messaging_sms_provider_mode", readonly=False)
    messaging_sms_provider_count = fields.Integer(
        string="SMS Provider Count", compute="_compute_messaging_sms_provider_count"
    )
    messaging_default_email_template_id = fields.Many2one(
        related="company_id.messaging_default_email_template_id", readonly=False
    )
    messaging_default_sms_template_id = fields.Many2one(
        related="company_id.messaging_default_sms_template_id", readonly=False
    )
    messaging_copy_by_sms = fields.Boolean(related="company_id.messaging_copy_by_sms", readonly=False)
    messaging_copy_by_email = fields.Boolean(related="company_id.messaging_copy_by_email", readonly=False)
    messaging_sms_max_length = fields.Integer(related="company_id.messaging_sms_max_length", readonly=False)
    messaging_bcc_archive_email = fields.Char(related="company_id.messaging_bcc_archive_email", readonly=False)
    messaging_sms_history_days = fields.Integer(related="company_id.messaging_sms_history_days", readonly=False)
    messaging_sms_history_more_months = fields.Integer(
        related="company_id.messaging_sms_history_more_months", readonly=False
    )
    messaging_sms_history_max_months = fields.Integer(
        related="company_id.messaging_sms_history_max_months", readonly=False
    )
    messaging_service_consent = fields.Selection(related="company_id.messaging_service_consent", readonly=False)
    messaging_email_daily_limit = fields.Integer(related="company_id.messaging_email_daily_limit", readonly=False)
    messaging_customer_weekly_cap = fields.Integer(related="company_id.messaging_customer_weekly_cap", readonly=False)
    messaging_customer_cap_overflow = fields.Selection(
        related="company_id.messaging_customer_cap_overflow", readonly=False
    )
    messaging_email_monthly_limit = fields.Integer(related="company_id.messaging_email_monthly_limit", readonly=False)
    messaging_sms_daily_limit = fields.Integer(related="company_id.messaging_sms_daily_limit", readonly=False)
    messaging_sms_hours_start = fields.Float(related="company_id.messaging_sms_hours_start", readonly=False)
    messaging_sms_hours_end = fields.Float(related="company_id.messaging_sms_hours_end", readonly=False)
    messaging_rule_count = fields.Integer(compute="_compute_messaging_rule_count")
    messaging_sms_monthly_limit = fields.Integer(related="company_id.messaging_sms_monthly_limit", readonly=False)
    messaging_interaction_template_id = fields.Many2one(
        related="company_id.messaging_interaction_template_id", readonly=False
    )

    @api.depends("company_id")
    def _compute_messaging_sms_provider_count(self):
        for settings in self:
            settings.messaging_sms_provider_count = self.env["messaging.sms.provider"].search_count(
                [("company_id", "=", settings.company_id.id)]
            )

    def action_messaging_open_sms_providers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_sms_provider_action")
        action["context"] = {"default_company_id": self.company_id.id}
        action["domain"] = [("company_id", "=", self.company_id.id)]
        return action

    @api.depends("company_id")
    def _compute_messaging_rule_count(self):
        for settings in self:
            settings.messaging_rule_count = self.env["messaging.rule"].search_count(
                [("company_id", "=", settings.company_id.id)]
            )

    def action_messaging_open_rules(self):
        return self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_rule_action")

    def action_messaging_open_planned(self):
        return self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_outbox_action_planned")
