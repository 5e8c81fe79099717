import secrets

from odoo import http
from odoo.http import request
from odoo.tools.misc import get_lang

from odoo.addons.customer_messaging.controllers.token_page import protect, render_token_page

BROWSER_COOKIE = "rw_browser"


class RatingWidgetController(http.Controller):
    """The rating page a widget link opens. A GET shows it and writes nothing;
    a POST needs the form token of a page shown to this browser (one time)."""

    @http.route(
        ["/rating_widget/<string:token>", "/rating_widget/<string:token>/<int:score>"],
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def rating_page(self, token, score=0, **kwargs):
        rating = request.env["rating.rating"]._rating_widget_find_by_token(token)
        if not rating:
            return self._invalid()
        browser = request.httprequest.cookies.get(BROWSER_COOKIE) or ""
        new_browser = not browser or len(browser) > 64
        if new_browser:
            browser = secrets.token_urlsafe(16)
        values = rating._rating_widget_page_values(
            score, browser, error=kwargs.get("error"), done=bool(kwargs.get("done"))
        )
        response = self._render("rating_widget.rating_page", values, rating)
        if new_browser:
            response.set_cookie(
                BROWSER_COOKIE, browser, max_age=400 * 24 * 3600, httponly=True, samesite="Lax", path="/rating_widget"
            )
        return response

    @http.route(
        "/rating_widget/<string:token>/submit", type="http", auth="public", methods=["POST"], csrf=False, sitemap=False
    )
    def rating_submit(self, token, score="0", comment="", form_token="", website="", **kwargs):
        # csrf=False: the form token is this page's own, signed and tied to the browser cookie
        rating = request.env["rating.rating"]._rating_widget_find_by_token(token)
        if not rating:
            return self._invalid()
        if website:  # a field people do not see: only robots fill it
            error = "form"
        else:
            browser = request.httprequest.cookies.get(BROWSER_COOKIE) or ""
            score = int(score) if str(score).isdigit() else 0
            reasons = request.httprequest.form.getlist("reason")[:20]  # ticked boxes: ids, checked in the model
            error = rating._rating_widget_submit(score, comment, form_token, browser, reason_ids=reasons)
        target = f"/rating_widget/{token}?done=1" if not error else f"/rating_widget/{token}/{score}?error={error}"
        response = request.redirect(target, code=303, local=True)
        return protect(response)

    def _render(self, template, values, rating=None, status=200):
        lang = (rating.partner_id.lang if rating else None) or get_lang(request.env).code
        return render_token_page(template, values, status=status, lang=lang)

    def _invalid(self):
        """One neutral page for a wrong, expired or revoked link: no data."""
        return self._render("rating_widget.rating_page_invalid", {}, status=404)
