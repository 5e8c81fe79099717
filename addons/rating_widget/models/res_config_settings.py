from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rating_widget_style = fields.Selection(related="company_id.rating_widget_style", readonly=False)
    rating_widget_notify_email = fields.Char(related="company_id.rating_widget_notify_email", readonly=False)
    rating_widget_token_days = fields.Integer(related="company_id.rating_widget_token_days", readonly=False)
    rating_widget_reminder_days = fields.Integer(related="company_id.rating_widget_reminder_days", readonly=False)
    rating_widget_reminder_template_id = fields.Many2one(
        related="company_id.rating_widget_reminder_template_id", readonly=False
    )
