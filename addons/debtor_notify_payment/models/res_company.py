from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    debtor_pay_all = fields.Boolean(
        string="Pay Everything Online",
        default=True,
        help="The reminder's page offers one payment of everything due, through the company's payment providers.",
    )
