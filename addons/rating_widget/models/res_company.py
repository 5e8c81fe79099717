from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rating_widget_style = fields.Selection(
        [("stars", "Stars"), ("faces", "Faces")],
        string="Rating Widget Style",
        default="stars",
        required=True,
        help="What the five rating choices of @WIDGETVALUATION@ look like in emails.",
    )
    rating_widget_notify_email = fields.Char(
        string="Ratings Also To",
        help="Each rating given by a customer is emailed to the document's responsible person and to this address.",
    )
    rating_widget_token_days = fields.Integer(
        string="Rating Links Valid (Days)",
        default=90,
        help="A rating link stops working this many days after the last message that carried it.",
    )

    _sql_constraints = [
        (
            "rw_token_days_positive",
            "CHECK(rating_widget_token_days > 0)",
            "Rating links must stay valid at least one day.",
        ),
    ]
