from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.customer_messaging.tests.common import SmtpSink, send_mail_queue

from .common import DebtorCase


@tagged("post_install", "-at_install")
class TestReminders(DebtorCase):
    def test_wizard_lists_overdue_invoices_ticked_with_counts(self):
        old = self._invoice(self.customer, 100, 40)
        recent = self._invoice(self.customer, 50, 3)
        self._invoice(self.customer, 70, -5)  # not due yet
        no_email = self._invoice(self.no_email, 30, 10)
        self._invoice(self.quiet, 80, 30)  # "no payment reminders"
        partners = self.customer | self.no_email | self.quiet
        wizard = self._wizard(partners)
        self.assertEqual(wizard.line_ids.move_id, old | recent | no_email)
        self.assertTrue(all(wizard.line_ids.mapped("selected")), "all ticked")
        self.assertEqual((wizard.invoice_count, wizard.recipient_count, wizard.skipped_count), (3, 1, 1))
        self.assertEqual(wizard.left_out, "Left out, marked “No payment reminders”: Raymond Dufayel")
        line = wizard.line_ids.filtered(lambda line: line.move_id == no_email)
        self.assertEqual(line.skip_reason, "Skipped: no email address")
        self.assertEqual(wizard.line_ids.filtered(lambda line: line.move_id == old).days_overdue, 40)
        wizard.min_days_overdue = 10
        wizard._onchange_filters()
        self.assertEqual(wizard.line_ids.move_id, old | no_email)
        with self.assertRaisesRegex(UserError, "negative"):
            wizard.min_days_overdue = -1
            wizard._onchange_filters()

    def test_one_email_per_customer_two_currencies_partial_payment(self):
        usd = self._invoice(self.customer, 1000, 30)
        eur = self._invoice(self.customer, 400, 12, currency=self.eur)
        self._pay(usd, 250)
        wizard = self._wizard(self.customer, user=self.billing_user)
        self.assertEqual(wizard.invoice_count, 2)
        self.assertEqual(wizard.recipient_count, 1)
        wizard.action_send()
        self.assertEqual(wizard.state, "done")
        self.assertIn("1 reminder(s) sent, 2 invoice(s)", wizard.result)
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.user_id, self.billing_user)
        mails = self._mails(self.customer)
        self.assertEqual(len(mails), 1, "one email for every invoice of the customer")
        body = mails.body_html
        self.assertIn(usd.name, body)
        self.assertIn(eur.name, body)
        self.assertIn("750.00", body, "the residual after the partial payment")
        self.assertIn("€", body)
        self.assertIn("background-color:#f4f5f7", body, "inside the company layout")
        self.assertIn(f"/debtor_notify/{reminder.sudo().token}/invoice/{usd.id}", body)
        # tracking: per invoice, per customer, chatter of both
        self.assertEqual((usd.debtor_reminder_count, eur.debtor_reminder_count), (1, 1))
        self.assertEqual(usd.debtor_last_reminder_date, self.today)
        self.assertEqual(self.customer.debtor_last_reminder_date, self.today)
        self.assertIn("Payment reminder sent", usd.message_ids[:1].body)
        self.assertIn(usd.name, self.customer.message_ids[:1].body)
        self.assertIn(reminder.message_id, self.customer.messaging_email_history_ids, "in the customer's history")
        self.assertIn(self.billing_user.partner_id, reminder.message_partner_ids, "the sender follows replies")
        # the mail really leaves, to the customer
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        send_mail_queue(self.env, sink)
        self.assertEqual([envelope.rcpt_tos for envelope in sink.envelopes], [["amelie@example.com"]])

    def test_credit_notes_and_unreconciled_payments_reduce_what_is_due(self):
        invoice = self._invoice(self.customer, 500, 20)
        credit = self._invoice(self.customer, 80, 0, move_type="out_refund")
        payment = self.env["account.payment"].create(
            {"amount": 30, "payment_type": "inbound", "partner_type": "customer", "partner_id": self.customer.id}
        )
        payment.action_post()
        self._wizard(self.customer).action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        kinds = {line.kind: line for line in reminder.line_ids}
        self.assertEqual(kinds["invoice"].move_id, invoice)
        self.assertEqual(kinds["credit"].move_id, credit)
        self.assertEqual(kinds["credit"].amount_residual, -80)
        if payment.move_id:  # a payment journal with an outstanding account books an entry at once
            self.assertEqual(kinds["payment"].amount_residual, -30)
            expected_total = "390.00"
        else:
            expected_total = "420.00"
        body = self._mails(self.customer).body_html
        self.assertIn(credit.name, body)
        self.assertIn(expected_total, body)
        self.assertEqual(credit.debtor_reminder_count, 0, "credit notes are listed, not reminded")

    def test_a_customer_in_credit_gets_no_reminder_and_the_wizard_says_why(self):
        self._invoice(self.customer, 300, 20)
        self._invoice(self.customer, 500, 0, move_type="out_refund")
        wizard = self._wizard(self.customer, user=self.billing_user)
        line = wizard.line_ids
        self.assertEqual(line.balance, -200, "the balance per customer, before Send")
        self.assertIn("in credit", line.skip_reason)
        self.assertEqual((wizard.recipient_count, wizard.skipped_count), (0, 1))
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "skipped")
        self.assertIn("owes nothing", reminder.reason)
        self.assertFalse(self._mails(self.customer), "no email saying a negative amount is due")

    def test_the_reminder_states_invoices_then_deductions_then_the_net_total(self):
        invoice = self._invoice(self.customer, 1000, 20)
        self._pay(invoice, 100)
        credit = self._invoice(self.customer, 250, 0, move_type="out_refund")
        eur = self._invoice(self.customer, 40, 12, currency=self.eur)
        eur_credit = self._invoice(self.customer, 40, 0, currency=self.eur, move_type="out_refund")
        wizard = self._wizard(self.customer)
        self.assertFalse(wizard.line_ids.filtered(lambda line: line.move_id == invoice).skip_reason)
        wizard.action_send()
        body = self._mails(self.customer).body_html.replace("\ufeff", "")  # Odoo joins a sign to its amount
        self.assertLess(body.index(invoice.name), body.index("Less: credit notes"), "invoices first")
        self.assertLess(body.index("Less: credit notes"), body.index(credit.name), "then the deductions")
        self.assertIn("-250.00", body, "a credit note is a deduction, not an amount owed")
        self.assertIn("Total due: <strong>$\xa0650.00</strong>", body, "net: 900 due less 250 of credit")
        self.assertIn(eur.name, body)
        self.assertIn(eur_credit.name, body)
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        balance = {currency.name: amount for currency, amount in reminder._debtor_balance().items()}
        self.assertEqual(balance, {"USD": 650.0, "EUR": 0.0}, "a credit in one currency does not pay another")

    def test_credits_taking_back_an_invoice_not_due_yet_leave_the_overdue_one_due(self):
        # Odoo's demo customers: an invoice not due yet, credit notes for the same amount,
        # and overdue invoices: their account says they owe the overdue ones
        overdue = self._invoice(self.customer, 300, 20)
        later = self._invoice(self.customer, 5000, -30)
        self._invoice(self.customer, 5000, 0, move_type="out_refund")
        wizard = self._wizard(self.customer)
        line = wizard.line_ids
        self.assertEqual((line.move_id, line.balance, line.skip_reason), (overdue, 300, False))
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "sent")
        self.assertEqual({c.name: a for c, a in reminder._debtor_balance().items()}, {"USD": 300.0})
        body = self._mails(self.customer).body_html.replace("\ufeff", "")
        self.assertIn("Your other open invoices", body, "the invoice the credit is for is on the statement")
        self.assertIn(later.name, body)
        self.assertNotIn("Balance of your account", body, "the same as the total due: said once")
        self.assertIn("Total due: <strong>$\xa0300.00</strong>", body)

    def _entry(self, partner, amount):
        """A miscellaneous entry on the customer's receivable: a debit (a payment
        returned) when ``amount`` is positive, a credit (money received) otherwise."""
        receivable = partner.property_account_receivable_id
        other = self.company_data["default_account_revenue"]
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": self.today,
                "line_ids": [
                    Command.create(
                        {"account_id": receivable.id, "partner_id": partner.id, "balance": amount, "name": "Returned"}
                    ),
                    Command.create({"account_id": other.id, "balance": -amount, "name": "Returned"}),
                ],
            }
        )
        entry.action_post()
        return entry

    def test_what_the_wizard_shows_is_what_is_sent_with_miscellaneous_entries(self):
        # Odoo's demo customer Deco Addict: a debit entry beside credits; the wizard said
        # 920 was due, then sending refused it ("owes nothing")
        overdue = self._invoice(self.customer, 100, 20)
        self._invoice(self.customer, 300, -30)  # not due yet
        self._invoice(self.customer, 350, 0, move_type="out_refund")
        debit = self._entry(self.customer, 50)
        credit = self._entry(self.customer, -50)
        wizard = self._wizard(self.customer)
        line = wizard.line_ids
        self.assertEqual((line.move_id, line.balance, line.skip_reason), (overdue, 50, False))
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "sent", reminder.reason)
        self.assertEqual({c.name: a for c, a in reminder._debtor_balance().items()}, {"USD": 50.0})
        kinds = {line.move_id: line.kind for line in reminder.line_ids}
        self.assertEqual((kinds[debit], kinds[credit]), ("debit", "payment"))
        body = self._mails(self.customer).body_html.replace("\ufeff", "")
        self.assertIn(f"{debit.name} (Other amount due)", body)
        self.assertIn("Total due: <strong>$\xa050.00</strong>", body)
        self.assertNotIn(debit, reminder._debtor_documents(), "an entry is no invoice page")

    def test_the_balance_of_the_account_shows_when_it_differs_from_the_total_due(self):
        self._invoice(self.customer, 100, 20)
        self._invoice(self.customer, 300, -30)  # not due yet
        self._invoice(self.customer, 50, 0, move_type="out_refund")
        self._wizard(self.customer).action_send()
        body = self._mails(self.customer).body_html.replace("\ufeff", "")
        self.assertIn("Balance of your account", body)
        self.assertIn("350.00", body, "the whole account: 100 + 300 - 50")
        self.assertIn("Total due: <strong>$\xa0100.00</strong>", body, "what is overdue")

    def test_credit_arriving_before_the_send_stops_the_reminder(self):
        self._invoice(self.customer, 300, 20)
        wizard = self._wizard(self.customer)
        self.assertFalse(wizard.line_ids.skip_reason)
        self._invoice(self.customer, 300, 0, move_type="out_refund")  # booked while the wizard was open
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "skipped")
        self.assertFalse(self._mails(self.customer))

    def test_paid_or_cancelled_since_the_wizard_opened_is_not_reminded(self):
        paid = self._invoice(self.customer, 100, 30)
        cancelled = self._invoice(self.customer, 60, 30)
        partial = self._invoice(self.customer, 200, 30)
        wizard = self._wizard(self.customer)
        self.assertEqual(wizard.invoice_count, 3)
        self._pay(paid, 100)
        cancelled.button_draft()
        cancelled.button_cancel()
        self._pay(partial, 120)
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(reminder.invoice_count, 1)
        dropped = reminder.line_ids.filtered(lambda line: line.state == "dropped")
        self.assertEqual(
            dict(zip(dropped.move_id, dropped.mapped("drop_reason"), strict=True)),
            {paid: "Paid", cancelled: "Cancelled"},
        )
        body = self._mails(self.customer).body_html
        self.assertNotIn(paid.name, body)
        self.assertIn("80.00", body, "the residual at the time of sending")
        self.assertEqual((paid.debtor_reminder_count, partial.debtor_reminder_count), (0, 1))

    def test_nothing_due_any_more_is_not_sent_and_says_why(self):
        invoice = self._invoice(self.customer, 100, 30)
        wizard = self._wizard(self.customer)
        self._pay(invoice, 100)
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "skipped")
        self.assertIn("Nothing is due any more", reminder.reason)
        self.assertIn("not sent (Email: Nothing is due any more)", wizard.result)
        self.assertFalse(self._mails(self.customer))

    def test_no_reminders_ticked_after_the_wizard_opened_is_respected(self):
        self._invoice(self.customer, 100, 30)
        wizard = self._wizard(self.customer)
        self.customer.debtor_no_reminder = True
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.state, "skipped")
        self.assertIn("The customer wants no reminders", reminder.reason)
        self.assertFalse(self._mails(self.customer))

    def test_a_company_that_reminds_everyone_who_did_not_opt_out_reminds_the_customer_never_asked(self):
        self._invoice(self.no_consent, 100, 30)
        wizard = self._wizard(self.no_consent)
        self.assertIn("only to customers who accepted", wizard.consent_policy)
        self.company.messaging_service_consent = "not_opted_out"
        wizard = self._wizard(self.no_consent)
        self.assertIn("every customer who did not opt out", wizard.consent_policy)
        self.assertEqual(wizard.line_ids.mapped("skip_reason"), [False])
        self.assertEqual(wizard.recipient_count, 1)
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.no_consent.id)])
        self.assertEqual(reminder.state, "sent")
        # the customer unticks the box: an opt-out, which the policy never overrides
        self.no_consent.messaging_accepts_email = True
        self.no_consent.messaging_accepts_email = False
        reasons = self._wizard()._debtor_skip_reasons(self.company, self.no_consent)
        self.assertEqual(reasons, {self.no_consent.id: "Skipped: opted out of this channel"})

    def test_consent_and_missing_email_are_reported(self):
        self._invoice(self.no_consent, 100, 30)
        self._invoice(self.no_email, 100, 30)
        wizard = self._wizard(self.no_consent | self.no_email)
        self.assertEqual(
            sorted(wizard.line_ids.mapped("skip_reason")),
            [
                "Skipped: no consent (company policy: service messages only to customers who accepted)",
                "Skipped: no email address",
            ],
        )
        self.assertEqual(wizard.recipient_count, 0)
        wizard.action_send()
        reminders = self.env["debtor.reminder"].search(
            [("commercial_partner_id", "in", (self.no_consent | self.no_email).ids)]
        )
        self.assertEqual(set(reminders.mapped("state")), {"skipped"})
        self.assertEqual(
            sorted(reminders.mapped("reason")),
            [
                "Email: No consent (company policy: service messages only to customers who accepted)",
                "Email: No email address",
            ],
        )
        self.assertIn("0 reminder(s) sent", wizard.result)

    def test_reminding_some_invoices_does_not_block_the_others(self):
        first = self._invoice(self.customer, 100, 30)
        second = self._invoice(self.customer, 100, 30)
        wizard = self._wizard(self.customer)
        wizard.line_ids.filtered(lambda line: line.move_id == second).selected = False
        self.assertEqual(wizard.invoice_count, 1)
        wizard.action_send()
        self.assertEqual((first.debtor_reminder_count, second.debtor_reminder_count), (1, 0))
        again = self._wizard(self.customer)
        self.assertEqual(again.line_ids.move_id, second, "the one reminded today waits, the other does not")
        with self.assertRaisesRegex(UserError, "Tick at least one"):
            again.action_select_none()
            again.action_send()

    def test_contact_invoice_address_receives_the_reminder(self):
        accounting = self.env["res.partner"].create(
            {
                "name": "Accounts payable",
                "parent_id": self.customer.id,
                "type": "invoice",
                "email": "ap@example.com",
                "messaging_accepts_email": True,
            }
        )
        invoice = self._invoice(accounting, 300, 15)
        self.assertEqual(invoice.commercial_partner_id, self.customer)
        wizard = self._wizard(self.customer)
        self.assertEqual(wizard.line_ids.partner_id, accounting)
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.partner_id, accounting)
        self.assertEqual(
            self._mails(accounting).email_to or self._mails(accounting).recipient_ids.email, "ap@example.com"
        )
        self.assertFalse(
            self._mails(self.customer.browse(self.customer.id)).filtered(lambda m: self.customer in m.recipient_ids)
        )
        self.assertEqual(self.customer.debtor_last_reminder_date, self.today, "tracked on the customer")
        self.assertIn(reminder.message_id, self.customer.messaging_email_history_ids)

    def test_french_customer_gets_the_french_template(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["debtor_notify"], ["fr_FR"], overwrite=True)
        self.customer.lang = "fr_FR"
        self._invoice(self.customer, 100, 30)
        self._wizard(self.customer).action_send()
        mail = self._mails(self.customer)
        self.assertIn("Rappel : factures à régler", mail.subject)
        self.assertIn("Total dû", mail.body_html)
        self.assertIn("Jours de retard", mail.body_html, "the table in the customer's language too")

    def test_one_template_reaches_french_and_english_customers_in_their_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["debtor_notify"], ["fr_FR"], overwrite=True)
        self.customer.lang = "fr_FR"
        english = self.env["res.partner"].create(
            {"name": "John Smith", "email": "john@example.com", "lang": "en_US", "messaging_accepts_email": True}
        )
        self._invoice(self.customer, 100, 30)
        self._invoice(english, 100, 30)
        template = self.level_friendly.sudo().email_template_id
        self.assertEqual(template.with_context(lang="fr_FR").subject, "Rappel : factures à régler, @COMPANYNAME@")
        # a French user sends to both: each reads the level's one template in their language
        self._wizard(self.customer | english).with_context(lang="fr_FR").action_send()
        self.assertIn("Rappel : factures à régler", self._mails(self.customer).subject)
        self.assertIn("Reminder: invoices to pay", self._mails(english).subject)
        self.assertIn("Unless we are mistaken", self._mails(english).body_html)

    def test_replies_reach_the_sender_and_the_customer_history(self):
        self._invoice(self.customer, 100, 30)
        self._wizard(self.customer, user=self.billing_user).action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        reply = (
            f"From: Amélie Poulain <amelie@example.com>\r\nTo: billing@example.com\r\n"
            f"Subject: Re: {reminder.message_id.subject}\r\nIn-Reply-To: {reminder.message_id.message_id}\r\n"
            f"Message-Id: <reply-1@example.com>\r\nContent-Type: text/plain\r\n\r\nI paid yesterday.\r\n"
        )
        self.env["mail.thread"].message_process(False, reply.encode())
        message = self.env["mail.message"].search([("message_id", "=", "<reply-1@example.com>")])
        self.assertEqual((message.model, message.res_id), ("debtor.reminder", reminder.id))
        self.assertIn(message, self.customer.messaging_email_history_ids)
        self.assertIn(self.billing_user.partner_id, message.notification_ids.res_partner_id, "the sender is notified")

    def test_pdf_attached_when_asked(self):
        self.company.debtor_attach_pdf = True
        invoice = self._invoice(self.customer, 100, 30)
        self._wizard(self.customer).action_send()
        mail = self._mails(self.customer)
        self.assertEqual(mail.attachment_ids.mapped("name"), [f"{invoice.name.replace('/', '_')}.pdf"])

    def test_statement_attached_when_asked_in_the_wizard(self):
        self._invoice(self.customer, 100, 30)
        wizard = self._wizard(self.customer)
        self.assertFalse(wizard.attach_statement, "the company's setting: off")
        wizard.attach_statement = True
        wizard.action_send()
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertTrue(reminder.attach_statement)
        mail = self._mails(self.customer)
        self.assertIn("Statement - Amélie Poulain.pdf", mail.attachment_ids.mapped("name"))
        self.assertIn("Your statement of account, with every open item, is attached.", mail.body_html)
        report = self.env.ref("debtor_notify.action_report_debtor_statement")
        self.assertEqual(
            self.customer._debtor_statement_filename(),
            safe_eval(report.print_report_name, {"object": self.customer}),
            "the same name when printed",
        )

    def test_the_statement_lists_every_open_item(self):
        overdue = self._invoice(self.customer, 100, 30)
        upcoming = self._invoice(self.customer, 50, -10)
        credit = self._invoice(self.customer, 20, 5, move_type="out_refund")
        paid = self._invoice(self.customer, 40, 60)
        self._pay(overdue, 30)
        self._pay(paid, 40)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("debtor_notify.action_report_debtor_statement", self.customer.ids)[0]
            .decode()
        )
        text = " ".join(html.split())
        self.assertIn("Statement of Account", text)
        for move in (overdue, upcoming, credit):
            self.assertIn(move.name, text)
        self.assertNotIn(paid.name, text, "a paid invoice is not open")
        lines = self.customer._debtor_statement_lines()
        self.assertEqual(sorted(lines.mapped("amount_residual")), [-20.0, 50.0, 70.0], "the open part of each item")
        [(currency, total, overdue_total)] = self.customer._debtor_statement_totals(lines)
        self.assertEqual((currency, total, overdue_total), (self.company.currency_id, 100.0, 70.0))

    def _thank(self):
        # as the cron jobs run them
        planned = self.env["debtor.reminder"].sudo()._cron_thank_payers()
        self.env["messaging.outbox"].sudo()._dispatch(auto_commit=False)
        return self.env["messaging.outbox"].sudo().browse(planned)

    def test_a_reminded_customer_who_pays_everything_is_thanked_once(self):
        self.company.debtor_thank_you = True
        first = self._invoice(self.customer, 100, 30)
        second = self._invoice(self.customer, 60, 20)
        self._wizard(self.customer).action_send()
        self._pay(first, 100)
        self.assertFalse(self._thank(), "something is still due")
        self._pay(second, 60)
        row = self._thank()
        self.assertEqual((row.state, row.partner_id), ("done", self.customer))
        self.assertEqual(row.message_id.subject, f"Thank you for your payment, {self.company.name}")
        self.assertFalse(self._thank(), "once")

    def test_no_thanks_while_another_invoice_is_overdue_nor_when_switched_off(self):
        invoice = self._invoice(self.customer, 100, 30)
        self._wizard(self.customer).action_send()
        self._pay(invoice, 100)
        self.assertFalse(self._thank(), "the company did not ask for it")
        self.company.debtor_thank_you = True
        self._invoice(self.customer, 80, 3)  # overdue, not reminded yet
        self.assertFalse(self._thank())

    def test_sms_with_a_link(self):
        from messaging_core.gateways import SandboxGateway

        provider = self.env["messaging.sms.provider"].create(
            {"name": "Sandbox", "kind": "sandbox", "company_id": self.company.id}
        )
        self.company.write(
            {"messaging_sms_provider_mode": "own", "debtor_use_sms": True, "country_id": self.env.ref("base.fr").id}
        )
        self.customer.write({"mobile": "+33 6 12 34 56 78", "messaging_accepts_sms": True})
        SandboxGateway.clear_all()
        self._invoice(self.customer, 100, 30)
        self._wizard(self.customer).action_send()
        self.env["sms.sms"].sudo()._process_queue()
        messages = SandboxGateway.outbox(provider._sandbox_name()).messages
        reminder = self.env["debtor.reminder"].search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(len(messages), 1)
        self.assertIn(f"/debtor_notify/{reminder.sudo().token}", messages[0].body)
        self.assertIn("1 invoice(s) overdue", messages[0].body)

    def test_multi_company(self):
        other = self.setup_other_company(name="Other Co")["company"]
        other.email = "other@example.com"
        mine = self._invoice(self.customer, 100, 30)
        theirs = self._invoice(self.customer, 100, 30, company=other)
        self.assertEqual(self._wizard(self.customer).line_ids.move_id, mine)
        wizard = self._wizard(self.customer, company_id=other.id)
        self.assertEqual(wizard.line_ids.move_id, theirs)
        self.env.user.company_ids |= other
        wizard.with_company(other).action_send()
        reminder = self.env["debtor.reminder"].search([("company_id", "=", other.id)])
        self.assertEqual(reminder.state, "sent")
        self.assertEqual(self.customer.with_company(other).debtor_last_reminder_date, self.today)
        self.assertFalse(self.customer.with_company(self.company).debtor_last_reminder_date, "per company")
        with self.assertRaises(AccessError):
            reminder.with_user(self.billing_user).read(["name"])

    def test_candidates_in_a_constant_number_of_queries(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {index}", "email": f"c{index}@example.com"} for index in range(4)]
        )
        for customer in customers[:2]:
            self._invoice(customer, 10, 5)
        Move = self.env["account.move"]
        Move._debtor_candidates(self.company, 1, 7)
        with self.assertQueryCount(1):
            few = Move._debtor_candidates(self.company, 1, 7)
        for customer in customers:
            for days in (5, 10, 15):
                self._invoice(customer, 10, days)
        self.env.flush_all()
        with self.assertQueryCount(1):
            many = Move._debtor_candidates(self.company, 1, 7)
        self.assertEqual((len(few), len(many)), (2, 14))

    def test_entry_points_open_the_same_wizard(self):
        action = self.env.ref("debtor_notify.res_partner_action_debtor_notify")
        result = action.with_context(active_model="res.partner", active_ids=self.customer.ids).run()
        self.assertEqual(result["res_model"], "debtor.notify.wizard")
        self.assertEqual(result["context"]["default_partner_ids"], self.customer.ids)
        menu = self.env.ref("debtor_notify.debtor_notify_wizard_menu")
        self.assertEqual(menu.action.res_model, "debtor.notify.wizard")
        self.assertEqual(menu.parent_id, self.env.ref("account.menu_finance_receivables"))
        self.assertIn("list", action.binding_view_types)
        self.assertIn("form", action.binding_view_types)
