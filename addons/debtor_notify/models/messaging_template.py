from odoo import fields, models


class MessagingTemplate(models.Model):
    _inherit = "messaging.template"

    debtor_lang_id = fields.Many2one(
        "res.lang",
        string="Language",
        context={"active_test": False},
        help="Payment reminders use, for each customer, the template of its language; "
        "empty: customers whose language has no template of its own.",
    )
