from odoo import fields, models
from odoo.tools.translate import LazyTranslate

from odoo.addons.customer_messaging.tools.template_tags import TemplateTag

from ..tools.rating_status import status_of
from ..tools.widget import compute_widget

_lt = LazyTranslate(__name__)


class Base(models.AbstractModel):
    _inherit = "base"

    # --- template tags ---------------------------------------------------------------
    def _messaging_template_tags(self):
        tags = super()._messaging_template_tags()
        if self._rating_widget_can_rate():
            tags.append(
                TemplateTag.offered(
                    "WIDGETVALUATION",
                    _lt("Rating widget: five choices, each a link to the rating page"),
                    self.env.lang or "en_US",
                )
            )
        return tags

    def _messaging_computed_tags(self):
        computed = super()._messaging_computed_tags()
        if self._rating_widget_can_rate():
            computed["WIDGETVALUATION"] = compute_widget
        return computed

    def _messaging_template_values(self, partners):
        result = super()._messaging_template_values(partners)
        if self._rating_widget_can_rate():
            for values, record, partner in zip(result, self, partners, strict=True):
                # a plain reference: the widget (and its token) is made only if the template shows it
                values["rating_widget_ref"] = f"{record._name},{record.id},{partner.id}"
        return result

    def _messaging_outbox_not_relevant(self, rows):
        """A rating reminder is not sent once the customer has rated, nor once the link
        has expired."""
        result = super()._messaging_outbox_not_relevant(rows)
        reminders = rows.filtered(lambda row: row.source == "rating_reminder")
        if not reminders:
            return result
        ratings = self.env["rating.rating"].sudo().browse({int(row.event) for row in reminders}).exists()
        rated = {rating.id for rating in ratings if rating.consumed}
        live = {
            rating.id
            for rating in ratings
            if not rating.rating_widget_expires_at or rating.rating_widget_expires_at > fields.Datetime.now()
        }
        already = reminders.filtered(lambda row: int(row.event) in rated)
        expired = reminders.filtered(lambda row: int(row.event) not in rated and int(row.event) not in live)
        if already:
            result[self.env._("the customer has rated")] = already
        if expired:
            result[self.env._("the rating link has expired")] = expired
        return result

    # --- rating -----------------------------------------------------------------------
    def _rating_widget_can_rate(self):
        """Whether documents of this model can be rated: stored, with a customer."""
        return not self._transient and not self._abstract and bool(self._messaging_customer_field())

    def _rating_widget_responsible(self):
        """The user answering for this document (salesperson, assignee), or an empty recordset."""
        self.ensure_one()
        for name in ("user_id", "invoice_user_id"):
            field = self._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "res.users" and self[name]:
                return self[name]
        return self.env["res.users"]

    def _rating_widget_team_name(self):
        """Name of the document's team, for the ratings report, or None."""
        self.ensure_one()
        field = self._fields.get("team_id")
        if field and field.type == "many2one" and self.team_id:
            return self.team_id.display_name
        return None

    # --- rating status (models with the fields of tools.rating_status) -------------------
    def _rating_widget_rating_domain(self):
        """The widget's ratings that decide the status of these records."""
        return [("rating_widget_request", "=", True), ("res_model", "=", self._name), ("res_id", "in", self.ids)]

    def _rating_widget_rating_key(self, rating):
        return rating.res_id

    def _rating_widget_refresh_rating_status(self):
        """Recompute the status of these records from their ratings, in one query."""
        if not self:
            return
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(self._rating_widget_rating_domain(), order="rating_widget_rated_at desc, id desc")
        )
        requested, latest = set(), {}
        for rating in ratings:
            key = self._rating_widget_rating_key(rating)
            requested.add(key)
            if rating.consumed and key not in latest:
                latest[key] = rating
        for record in self.sudo():
            rating = latest.get(record.id)
            if rating:
                values = {
                    "rating_widget_status": status_of(rating.rating),
                    "rating_widget_last_rating": rating.rating,
                    "rating_widget_last_rating_feedback": rating.feedback,
                    "rating_widget_last_rating_date": rating.rating_widget_rated_at,
                }
            else:
                values = {
                    "rating_widget_status": "requested" if record.id in requested else "not_requested",
                    "rating_widget_last_rating": 0,
                    "rating_widget_last_rating_feedback": False,
                    "rating_widget_last_rating_date": False,
                }
            if any(record[name] != value for name, value in values.items()):
                record.write(values)
