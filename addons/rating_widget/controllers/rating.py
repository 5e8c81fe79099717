import werkzeug

from odoo.addons.rating.controllers.main import Rating


class RatingWidgetOdooRoutes(Rating):
    def _get_rating_and_record(self, token):
        """Odoo's ``/rate/<token>`` pages must not take the widget's ratings: they
        accept a submission from anyone holding the link (email scanners,
        odoo/odoo#262262); the widget's own page checks its form token and browser."""
        rating_sudo, record_sudo = super()._get_rating_and_record(token)
        if rating_sudo.rating_widget_request:
            raise werkzeug.exceptions.NotFound()
        return rating_sudo, record_sudo
