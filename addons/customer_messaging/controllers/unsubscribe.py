from odoo import http
from odoo.http import request

from .token_page import render_token_page


class UnsubscribeController(http.Controller):
    """One-click unsubscribe (RFC 8058) from bulk emails.

    A GET only shows a page with a button: mail scanners open every link, and a GET
    never changes anything.  The mail program's one-click POST (body
    ``List-Unsubscribe=One-Click``) and the page's button both turn consent off.
    """

    def _page(self, template, values, status=200, row=None):
        return render_token_page(template, values, status=status, lang=row.partner_id.lang if row else None)

    @http.route(
        "/customer_messaging/unsubscribe/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
    )
    def unsubscribe_page(self, token, **kwargs):
        row = request.env["messaging.outbox"].sudo()._find_by_token(token)
        if not row:
            return self._page("customer_messaging.unsubscribe_invalid", {}, status=404)
        return self._page(
            "customer_messaging.unsubscribe_confirm",
            {"token": token, "company": row.company_id, "done": False},
            row=row,
        )

    @http.route(
        "/customer_messaging/unsubscribe/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,  # RFC 8058: the mail program posts without a form of ours
        save_session=False,
    )
    def unsubscribe(self, token, **kwargs):
        row = request.env["messaging.outbox"].sudo()._find_by_token(token)
        if not row:
            return self._page("customer_messaging.unsubscribe_invalid", {}, status=404)
        row._unsubscribe()
        return self._page(
            "customer_messaging.unsubscribe_confirm",
            {"token": token, "company": row.company_id, "done": True},
            row=row,
        )
