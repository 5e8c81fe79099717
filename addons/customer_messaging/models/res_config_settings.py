from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cm_sms_provider_mode = fields.Selection(related="company_id.cm_sms_provider_mode", readonly=False)
    cm_sms_provider_count = fields.Integer(string="SMS Provider Count", compute="_compute_cm_sms_provider_count")
    cm_default_email_template_id = fields.Many2one(related="company_id.cm_default_email_template_id", readonly=False)
    cm_default_sms_template_id = fields.Many2one(related="company_id.cm_default_sms_template_id", readonly=False)
    cm_copy_by_sms = fields.Boolean(related="company_id.cm_copy_by_sms", readonly=False)
    cm_copy_by_email = fields.Boolean(related="company_id.cm_copy_by_email", readonly=False)
    cm_sms_max_length = fields.Integer(related="company_id.cm_sms_max_length", readonly=False)
    cm_bcc_archive_email = fields.Char(related="company_id.cm_bcc_archive_email", readonly=False)
    cm_sms_history_days = fields.Integer(related="company_id.cm_sms_history_days", readonly=False)
    cm_sms_history_more_months = fields.Integer(related="company_id.cm_sms_history_more_months", readonly=False)
    cm_sms_history_max_months = fields.Integer(related="company_id.cm_sms_history_max_months", readonly=False)
    cm_email_daily_limit = fields.Integer(related="company_id.cm_email_daily_limit", readonly=False)
    cm_email_monthly_limit = fields.Integer(related="company_id.cm_email_monthly_limit", readonly=False)
    cm_sms_daily_limit = fields.Integer(related="company_id.cm_sms_daily_limit", readonly=False)
    cm_sms_hours_start = fields.Float(related="company_id.cm_sms_hours_start", readonly=False)
    cm_sms_hours_end = fields.Float(related="company_id.cm_sms_hours_end", readonly=False)
    cm_rule_count = fields.Integer(compute="_compute_cm_rule_count")
    cm_sms_monthly_limit = fields.Integer(related="company_id.cm_sms_monthly_limit", readonly=False)
    cm_interaction_template_id = fields.Many2one(related="company_id.cm_interaction_template_id", readonly=False)

    @api.depends("company_id")
    def _compute_cm_sms_provider_count(self):
        for settings in self:
            settings.cm_sms_provider_count = self.env["messaging.sms.provider"].search_count(
                [("company_id", "=", settings.company_id.id)]
            )

    def action_cm_open_sms_providers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_sms_provider_action")
        action["context"] = {"default_company_id": self.company_id.id}
        action["domain"] = [("company_id", "=", self.company_id.id)]
        return action

    @api.depends("company_id")
    def _compute_cm_rule_count(self):
        for settings in self:
            settings.cm_rule_count = self.env["messaging.rule"].search_count(
                [("company_id", "=", settings.company_id.id)]
            )

    def action_cm_open_rules(self):
        return self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_rule_action")

    def action_cm_open_planned(self):
        return self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_outbox_action_planned")
