from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    messaging_sms_provider_mode = fields.Selection(
        [("iap", "Odoo IAP"), ("own", "Own providers (Twilio, sandbox)")],
        string="SMS Provider",
        required=True,
        default="iap",
        help="Odoo IAP: SMS leave through Odoo's own service, as without this module. "
        "Own providers: SMS leave through this company's SMS providers.",
    )
    messaging_sms_provider_ids = fields.One2many("messaging.sms.provider", "company_id", string="SMS Providers")

    @api.constrains("messaging_sms_provider_mode")
    def _check_messaging_sms_provider_mode(self):
        for company in self.filtered(lambda c: c.messaging_sms_provider_mode == "own"):
            if not self.env["messaging.sms.provider"].sudo().search_count([("company_id", "=", company.id)], limit=1):
                raise ValidationError(
                    self.env._(
                        'Add an SMS provider for %(company)s before choosing "Own providers".',
                        company=company.name,
                    )
                )

    # --- composer defaults -------------------------------------------------------
    messaging_default_email_template_id = fields.Many2one(
        "messaging.template",
        string="Default Email Template",
        domain="[('channel', '=', 'email'), ('company_id', 'in', [id, False])]",
        help="Pre-selected in the composer when writing an email.",
    )
    messaging_default_sms_template_id = fields.Many2one(
        "messaging.template",
        string="Default SMS Template",
        domain="[('channel', '=', 'sms'), ('company_id', 'in', [id, False])]",
        help="Pre-selected in the composer when writing an SMS.",
    )
    messaging_copy_by_sms = fields.Boolean(
        string="Also Send Emails by SMS", help='"Also send a copy by SMS" is ticked when writing an email.'
    )
    messaging_copy_by_email = fields.Boolean(
        string="Also Send SMS by Email", help='"Also send a copy by email" is ticked when writing an SMS.'
    )
    messaging_sms_max_length = fields.Integer(
        string="SMS Maximum Length", default=314, help="Characters, spaces included, an SMS may have."
    )
    # --- history -----------------------------------------------------------------
    messaging_bcc_archive_email = fields.Char(
        string="Archive Address (BCC)",
        help="Every email written to a customer is also sent, as a blind copy, to this address.",
    )
    messaging_sms_history_days = fields.Integer(
        string="SMS History: First Days Shown", default=30, help="Days of SMS shown when the SMS tab opens."
    )
    messaging_sms_history_more_months = fields.Integer(
        string="SMS History: Months per Load More", default=6, help='Months added by each "Load more".'
    )
    messaging_sms_history_max_months = fields.Integer(
        string="SMS History: Maximum Months", default=13, help="The SMS tab never goes further back than this."
    )
    # --- consent -----------------------------------------------------------------
    messaging_service_consent = fields.Selection(
        [
            ("accepted", "Only to customers who accepted"),
            ("not_opted_out", "To every customer who did not opt out"),
        ],
        string="Service Messages",
        required=True,
        default="accepted",
        help="Who receives service messages (payment reminders, ticket notices, automatic notifications "
        "about their documents). Only to customers who accepted: the customer's consent box must be "
        "ticked. To every customer who did not opt out: everyone, except customers who unticked it, "
        "unsubscribed, answered STOP or are blacklisted. Marketing messages (bulk sends) always need "
        "the customer's consent.",
    )
    # --- limits ------------------------------------------------------------------
    messaging_email_daily_limit = fields.Integer(string="Emails per Day", default=300, help="0: no limit.")
    messaging_email_monthly_limit = fields.Integer(string="Emails per Month", default=1000, help="0: no limit.")
    messaging_sms_daily_limit = fields.Integer(string="SMS per Day", default=300, help="0: no limit.")
    messaging_sms_monthly_limit = fields.Integer(string="SMS per Month", default=1000, help="0: no limit.")
    messaging_customer_weekly_cap = fields.Integer(
        string="Messages per Customer per Week",
        default=0,
        help="At most this many marketing and automatic messages to one customer in 7 days "
        "(bulk sends and notification rules, emails and SMS together); 0: no cap. Payment "
        "reminders, ticket notices, rules marked as service messages and messages users "
        "write are not counted.",
    )
    messaging_customer_cap_overflow = fields.Selection(
        [("wait", "Wait until the customer's week allows it"), ("skip", "Skip it")],
        string="Over the Cap",
        default="wait",
        required=True,
        help="What becomes of a message over a customer's weekly cap. Either way it stays in "
        "the outbox with the reason, never dropped silently.",
    )
    # --- automatic notifications -------------------------------------------------------------
    messaging_sms_hours_start = fields.Float(
        string="SMS From",
        default=8.0,
        help="Automatic and bulk SMS leave only between these hours, in the recipient's local time; "
        "outside them they wait.",
    )
    messaging_sms_hours_end = fields.Float(string="SMS Until", default=21.0)
    # --- customer interactions ----------------------------------------------------------
    messaging_interaction_template_id = fields.Many2one(
        "messaging.template",
        string="Published Interaction Email",
        domain="[('channel', '=', 'email'), ('model', '=', 'messaging.interaction'), "
        "('company_id', 'in', [id, False])]",
        help="The email telling a customer an interaction was published on their portal. Empty: the standard one.",
    )

    _sql_constraints = [
        (
            "cm_limits_positive",
            "CHECK(messaging_email_daily_limit >= 0 AND messaging_email_monthly_limit >= 0 "
            "AND messaging_sms_daily_limit >= 0 AND messaging_sms_monthly_limit >= 0)",
            "Sending limits cannot be negative.",
        ),
        (
            "cm_customer_cap_positive",
            "CHECK(messaging_customer_weekly_cap >= 0)",
            "The number of messages per customer per week cannot be negative.",
        ),
    ]

    @api.constrains(
        "messaging_sms_max_length",
        "messaging_sms_history_days",
        "messaging_sms_history_more_months",
        "messaging_sms_history_max_months",
    )
    def _check_messaging_history_figures(self):
        for company in self:
            if company.messaging_sms_max_length < 1 or company.messaging_sms_max_length > 1600:
                raise ValidationError(self.env._("The SMS maximum length must be between 1 and 1600 characters."))
            if (
                min(
                    company.messaging_sms_history_days,
                    company.messaging_sms_history_more_months,
                    company.messaging_sms_history_max_months,
                )
                < 1
            ):
                raise ValidationError(self.env._("The SMS history figures must be at least 1."))

    @api.constrains("messaging_sms_hours_start", "messaging_sms_hours_end")
    def _check_messaging_sms_hours(self):
        for company in self:
            if not 0 <= company.messaging_sms_hours_start < company.messaging_sms_hours_end <= 24:
                raise ValidationError(
                    self.env._("The SMS sending hours must start before they end, between 00:00 and 24:00.")
                )

    def write(self, vals):
        result = super().write(vals)
        if "messaging_bcc_archive_email" in vals:
            self.env.registry.clear_cache()  # _messaging_archive_address
        return result

    @api.model
    @tools.ormcache("company_id")
    def _messaging_archive_address(self, company_id):
        """The archive (BCC) address of a company, cached: it is asked for each
        email sent, and reading the company there would cost a query."""
        return self.sudo().browse(company_id).messaging_bcc_archive_email or False

    def _messaging_limits(self, channel):
        self.ensure_one()
        if channel == "sms":
            return self.messaging_sms_daily_limit, self.messaging_sms_monthly_limit
        return self.messaging_email_daily_limit, self.messaging_email_monthly_limit
