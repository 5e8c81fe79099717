from markupsafe import Markup
from werkzeug.exceptions import abort

from odoo import http
from odoo.http import request

from odoo.addons.customer_messaging.controllers.token_page import protect, render_token_page
from odoo.addons.portal.controllers.portal import CustomerPortal


class DebtorNotifyController(http.Controller):
    """The links of a payment reminder: the customer opens the reminded invoices,
    downloads their PDF and pays them without logging in.

    The token is the reminder's own (not the invoice's access token), so these
    links expire with the reminder and other links to the invoices keep working.
    A wrong, expired or cancelled token and an invoice the reminder does not name
    all get the same 404 page. GETs change nothing.
    """

    def _not_valid_text(self):
        """What every wrong, expired or cancelled link answers."""
        return request.env._("This link is not valid. It may have expired: write to us and we will send you a new one.")

    def _not_found(self):
        """The one neutral answer, with the token-page headers: the URL holds a token."""
        text = self._not_valid_text()
        page = Markup("<!DOCTYPE html><html><head><title>404</title></head><body><p>%s</p></body></html>") % text
        abort(protect(request.make_response(page, headers=[("Content-Type", "text/html; charset=utf-8")], status=404)))

    def _reminder_and_move(self, token, move_id=None):
        reminder = request.env["debtor.reminder"]._debtor_find_by_token(token)
        if not reminder:
            self._not_found()
        if move_id is None:
            return reminder, None
        move = reminder._debtor_documents().filtered(lambda m: m.id == move_id)
        if not move:
            self._not_found()
        return reminder, move

    def _page(self, template, values, status=200):
        reminder = values.get("reminder")
        return render_token_page(template, values, status=status, lang=reminder.partner_id.lang if reminder else None)

    @http.route(
        "/debtor_notify/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        sitemap=False,
    )
    def reminder_page(self, token, **kwargs):
        reminder, __ = self._reminder_and_move(token)
        return self._page(
            "debtor_notify.reminder_page",
            {"reminder": reminder, "token": token, "company": reminder.company_id},
        )

    @http.route(
        "/debtor_notify/<string:token>/invoice/<int:move_id>",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        sitemap=False,
    )
    def invoice_page(self, token, move_id, **kwargs):
        reminder, move = self._reminder_and_move(token, move_id)
        return self._page(
            "debtor_notify.reminder_invoice_page",
            {
                "reminder": reminder,
                "move": move,
                "token": token,
                "company": reminder.company_id,
                "can_pay": reminder._debtor_can_pay(move),
            },
        )

    @http.route(
        "/debtor_notify/<string:token>/invoice/<int:move_id>/pdf",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        sitemap=False,
    )
    def invoice_pdf(self, token, move_id, **kwargs):
        __, move = self._reminder_and_move(token, move_id)
        response = CustomerPortal()._show_report(
            model=move, report_type="pdf", report_ref="account.account_invoices", download=True
        )
        return protect(response)

    @http.route(
        "/debtor_notify/<string:token>/invoice/<int:move_id>/pay",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        sitemap=False,
    )
    def invoice_pay(self, token, move_id, **kwargs):
        """Online payment is Odoo's own invoice page (its payment form)."""
        reminder, move = self._reminder_and_move(token, move_id)
        if not reminder._debtor_can_pay(move) or not move.access_token:
            self._not_found()
        response = request.redirect(move.get_portal_url(anchor="portal_pay", query_string="&payment=True"), local=True)
        return protect(response)
