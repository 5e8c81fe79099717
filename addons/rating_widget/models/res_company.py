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

    rating_widget_reminder_days = fields.Integer(
        string="Remind After (Days)",
        default=3,
        help="A customer who has not rated this many days after the request gets one reminder "
        "(never after rating, never once the link has expired, never twice). 0: no reminder.",
    )
    rating_widget_reminder_template_id = fields.Many2one(
        "messaging.template",
        string="Rating Reminder",
        domain="[('channel', '=', 'email'), ('model', '=', 'rating.rating'), ('company_id', 'in', [id, False])]",
        help="The reminder email, with @WIDGETVALUATION@ (the same link as the request). Empty: the standard one.",
    )

    _sql_constraints = [
        (
            "rw_reminder_days_positive",
            "CHECK(rating_widget_reminder_days >= 0)",
            "The rating reminder delay cannot be negative.",
        ),
        (
            "rw_token_days_positive",
            "CHECK(rating_widget_token_days > 0)",
            "Rating links must stay valid at least one day.",
        ),
    ]
