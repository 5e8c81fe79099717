from odoo import fields

from odoo.addons.rating.models import rating_data

RATING_STATUS = [
    ("not_requested", "Not requested"),
    ("requested", "Requested"),
    ("good", "Rated: good"),
    ("ok", "Rated: okay"),
    ("bad", "Rated: bad"),
]


def status_of(score):
    """The status a rating of ``score`` (1..5) gives, as Odoo grades it."""
    grade = rating_data._rating_to_grade(score)
    return {"great": "good", "okay": "ok", "bad": "bad"}[grade]


def status_fields():
    """The rating status fields of a document or a customer, stored so that lists
    filter and group by them; kept up to date by the ratings themselves (a request,
    a rating) rather than recomputed on each read. Returns
    ``(status, latest rating, latest comment, latest rating date)``."""
    return (
        fields.Selection(
            RATING_STATUS,
            string="Rating Status",
            default="not_requested",
            required=True,
            readonly=True,
            index=True,
            copy=False,
            help="Not requested: no rating link sent yet. Requested: a rating link was sent. "
            "Rated: the latest rating, good (4-5 stars), okay (3) or bad (1-2).",
        ),
        fields.Float(string="Latest Rating", readonly=True, copy=False, aggregator="avg"),
        fields.Text(string="Latest Rating Comment", readonly=True, copy=False),
        fields.Datetime(string="Latest Rating Date", readonly=True, copy=False),
    )
