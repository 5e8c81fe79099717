from odoo import http
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.http import request
from odoo.tools import is_html_empty

from odoo.addons.account_payment.controllers.payment import PaymentPortal
from odoo.addons.customer_messaging.controllers.token_page import use_customer_lang
from odoo.addons.debtor_notify.controllers.main import DebtorNotifyController


class DebtorNotifyPaymentController(DebtorNotifyController):
    """*Pay everything at once* from a reminder's page, without logging in.

    The reminder's token opens the page (as its other links); the amount and the
    invoices are the server's, counted again when the payment starts: what the
    browser sends is only checked against them. Saved cards are not offered and
    none is saved (anyone holding the link could use them), and only the
    providers Odoo offers this customer in the reminder's company can be used."""

    def _pay_context(self, token, currency_id):
        reminder, __ = self._reminder_and_move(token)
        currency = request.env["res.currency"].sudo().browse(currency_id).exists()
        if not currency:
            self._not_found()
        invoices, amount = reminder._debtor_pay_all(currency)
        return reminder, currency, invoices, amount

    def _pay_options(self, reminder, currency, amount):
        """The providers and payment methods the customer may use, as Odoo's own
        invoice page chooses them (company, country, currency, amount, published)."""
        report = {}
        partner = reminder.partner_id
        providers = (
            request.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                reminder.company_id.id, partner.id, amount, currency_id=currency.id, report=report
            )
        )
        methods = (
            request.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(providers.ids, partner.id, currency_id=currency.id, report=report)
        )
        return providers, methods, report

    @http.route(
        "/debtor_notify/<string:token>/pay/<int:currency_id>",
        type="http",
        auth="public",
        methods=["GET"],
        save_session=False,
        sitemap=False,
    )
    def pay_all_page(self, token, currency_id, **kwargs):
        reminder, currency, invoices, amount = self._pay_context(token, currency_id)
        values = {
            "reminder": reminder,
            "token": token,
            "company": reminder.company_id,
            "currency": currency,
            "invoices": invoices,
            "amount": amount,
        }
        if amount and PaymentPortal._can_partner_pay_in_company(reminder.partner_id, reminder.company_id):
            providers, methods, report = self._pay_options(reminder, currency, amount)
            values.update(
                {
                    "providers_sudo": providers,
                    "payment_methods_sudo": methods,
                    "tokens_sudo": request.env["payment.token"],
                    "availability_report": report,
                    "show_tokenize_input_mapping": dict.fromkeys(providers.ids, False),
                    "allow_token_selection": False,
                    "partner_id": reminder.partner_id.id,
                    "transaction_route": f"/debtor_notify/{token}/pay/{currency.id}/transaction",
                    "landing_route": f"/debtor_notify/{token}",
                    "access_token": None,
                    "reference_prefix": None,
                    "is_html_empty": is_html_empty,  # the form's providers' messages
                }
            )
        return self._page("debtor_notify_payment.pay_all_page", values)

    @http.route(
        "/debtor_notify/<string:token>/pay/<int:currency_id>/transaction",
        type="json",
        auth="public",
        methods=["POST"],
        sitemap=False,
    )
    def pay_all_transaction(self, token, currency_id, amount=None, access_token=None, payment_reference=None, **kwargs):
        """Start the payment of everything due in ``currency_id`` and return what the
        provider needs (the payment form calls it)."""
        reminder = request.env["debtor.reminder"]._debtor_find_by_token(token)
        if not reminder:
            raise ValidationError(self._not_valid_text())
        use_customer_lang(reminder.partner_id.lang)  # the errors below are for the customer
        currency = request.env["res.currency"].sudo().browse(currency_id).exists()
        invoices, due = reminder._debtor_pay_all(currency) if currency else ([], 0.0)
        if not due:
            raise ValidationError(request.env._("Nothing is left to pay on this reminder: thank you."))
        try:
            sent = float(amount)
        except (TypeError, ValueError):
            sent = None
        if sent is None or currency.compare_amounts(sent, due) != 0:
            raise ValidationError(
                request.env._("The amount due has changed since this page was opened: reload the page to see it.")
            )
        PaymentPortal._validate_transaction_kwargs(kwargs)
        if kwargs.get("flow") not in ("redirect", "direct") or kwargs.get("is_validation"):
            raise ValidationError(request.env._("Pay with one of the payment methods on the page."))
        if not PaymentPortal._can_partner_pay_in_company(reminder.partner_id, reminder.company_id):
            raise ValidationError(request.env._("This reminder cannot be paid online: write to us."))
        providers, methods, __ = self._pay_options(reminder, currency, due)
        provider_id = PaymentPortal._cast_as_int(kwargs.get("provider_id"))
        method_id = PaymentPortal._cast_as_int(kwargs.get("payment_method_id"))
        methods = methods.filtered(lambda method: provider_id in method.provider_ids.ids)
        if provider_id not in providers.ids or method_id not in methods.ids:
            raise ValidationError(request.env._("Pay with one of the payment methods on the page."))
        company = reminder.company_id
        transaction = PaymentPortal()._create_transaction(
            provider_id=provider_id,
            payment_method_id=method_id,
            token_id=None,
            amount=due,
            currency_id=currency.id,
            partner_id=reminder.partner_id.id,
            flow=kwargs["flow"],
            tokenization_requested=False,
            landing_route=f"/debtor_notify/{token}",
            reference_prefix=company.get_next_batch_payment_communication() if len(invoices) > 1 else None,
            custom_create_values={
                "invoice_ids": [Command.set(invoices.ids)],
                "debtor_reminder_id": reminder.id,
            },
        )
        return transaction._get_processing_values()
