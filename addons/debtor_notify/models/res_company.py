from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    debtor_reminder_default = fields.Boolean(
        string="Remind New Customers",
        default=True,
        help="Customers created from now on receive unpaid-invoice reminders unless their "
        '"No payment reminders" box is ticked. Off: new customers start with the box ticked.',
    )
    debtor_min_days_overdue = fields.Integer(
        string="Minimum Days Overdue", default=1, help="Invoices overdue for fewer days are not reminded."
    )
    debtor_min_days_between = fields.Integer(
        string="Minimum Days Between Reminders",
        default=7,
        help="An invoice reminded fewer days ago is not reminded again; automatic reminders "
        "also leave a customer alone for this many days after any reminder.",
    )
    debtor_use_sms = fields.Boolean(
        string="Also Remind by SMS", help="A short SMS with a link goes with each reminder email."
    )
    debtor_attach_pdf = fields.Boolean(string="Attach Invoice PDFs", help="Each reminded invoice's PDF is attached.")
    debtor_attach_statement = fields.Boolean(
        string="Attach a Statement",
        help="A statement of account (every open item of the customer, in the company layout) "
        "is attached to each reminder; the reminder wizard can change it for one send.",
    )
    debtor_link_days = fields.Integer(
        string="Reminder Links Valid (Days)",
        default=90,
        help="The links of a reminder open the invoices for this many days after it is sent. "
        "Other links to the same invoices are not affected.",
    )
    debtor_upcoming_days = fields.Integer(
        string="Remind Before the Due Date (Days)",
        default=0,
        help="A friendly email this many days before invoices fall due, grouped per customer, with "
        "the same links as a reminder (once per invoice; a customer gets at most one reminder a "
        "day, before and after the due date together). 0: none.",
    )
    debtor_upcoming_template_id = fields.Many2one(
        "messaging.template",
        string="Before the Due Date: Email",
        domain="[('channel', '=', 'email'), ('model', '=', 'debtor.reminder'), ('company_id', 'in', [id, False])]",
        help="Empty: the standard one.",
    )
    debtor_thank_you = fields.Boolean(
        string="Thank Customers Who Paid",
        help="A customer who was reminded and has paid everything due gets a short thank-you "
        "email, once (checked every hour).",
    )
    debtor_thank_you_template_id = fields.Many2one(
        "messaging.template",
        string="Thank-You Email",
        domain="[('channel', '=', 'email'), ('model', '=', 'debtor.reminder'), ('company_id', 'in', [id, False])]",
        help="Empty: the standard one.",
    )
    debtor_auto = fields.Boolean(
        string="Automatic Reminders", help="A daily run sends the reminders of each level when they are due."
    )

    @api.constrains("debtor_min_days_overdue", "debtor_min_days_between", "debtor_link_days", "debtor_upcoming_days")
    def _check_debtor_figures(self):
        for company in self:
            if min(company.debtor_min_days_overdue, company.debtor_min_days_between, company.debtor_upcoming_days) < 0:
                raise ValidationError(self.env._("Reminder day counts cannot be negative."))
            if company.debtor_link_days < 1:
                raise ValidationError(self.env._("Reminder links must stay valid at least one day."))
