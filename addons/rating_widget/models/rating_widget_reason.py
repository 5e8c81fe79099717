from odoo import fields, models


class RatingWidgetReason(models.Model):
    """What went wrong, as the rating page offers it to a customer who gives a low
    score (1 or 2 out of 5): a short list each company edits."""

    _name = "rating_widget.reason"
    _description = "Reason for a Low Rating"
    _order = "sequence, id"

    name = fields.Char(string="Reason", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.company, help="Empty: every company."
    )
    rating_count = fields.Integer(string="Ratings", compute="_compute_rating_count")

    def _compute_rating_count(self):
        counts = dict(
            self.env["rating.rating"]._read_group(
                [("rating_widget_reason_ids", "in", self.ids)], ["rating_widget_reason_ids"], ["__count"]
            )
        )
        for reason in self:
            reason.rating_count = counts.get(reason, 0)
