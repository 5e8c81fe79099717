import time

from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import SmtpSink, send_mail_queue

from .common import RatingWidgetCase

BROWSER = "browser-of-the-customer"


@tagged("post_install", "-at_install")
class TestRatingStatus(RatingWidgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("rating_widget.form_min_seconds", 0)
        cls.company.rating_widget_notify_email = "quality@example.com"

    def _request(self, record):
        self._send_template(self.rating_template, record)
        return self._rating_of(record)

    def _rate(self, rating, score, comment="", browser=BROWSER):
        form_token = rating._rating_widget_form_token(browser, time.time() - 5)
        return rating._rating_widget_submit(score, comment, form_token, browser)

    def test_a_rating_reaches_the_chatter_the_responsible_and_the_status(self):
        rating = self._request(self.order)
        self.env["mail.mail"].sudo().search([]).unlink()
        self.assertIsNone(self._rate(rating, 5, "Quick and friendly"))
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Quick and friendly")
        self.assertTrue(rating.rating_widget_rated_at)
        # in the order's chatter, with its date and time (the message's)
        message = self.order.message_ids.filtered(lambda m: m.rating_ids == rating)
        self.assertEqual(len(message), 1)
        self.assertIn("Quick and friendly", message.body)
        self.assertEqual(message.author_id, self.customer)
        self.assertTrue(message.date)
        # the status on the order and on the customer
        self.assertEqual(self.order.rating_widget_status, "good")
        self.assertEqual(self.order.rating_widget_last_rating, 5)
        self.assertEqual(self.order.rating_widget_last_rating_feedback, "Quick and friendly")
        self.assertEqual(self.customer.rating_widget_status, "good")
        # the responsible and the address from Settings get an email, through real SMTP
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        send_mail_queue(self.env, sink)
        recipients = sorted(r for envelope in sink.envelopes for r in envelope.rcpt_tos)
        self.assertEqual(recipients, ["quality@example.com", "sam.sales@example.com"])
        content = sink.envelopes[0].content.decode()
        self.assertIn("5/5", content)
        self.assertIn("Quick and friendly", content)

    def test_status_filters_and_groups_on_customers_orders_and_invoices(self):
        bad_rating = self._request(self.invoice)
        self._rate(bad_rating, 2, "Too slow")
        other = self.env["res.partner"].create({"name": "Other", "email": "other@example.com"})
        other_order = self.order.copy({"partner_id": other.id})
        for model, record, status in (
            ("account.move", self.invoice, "bad"),
            ("res.partner", self.customer, "bad"),
        ):
            with self.subTest(model=model):
                self.assertEqual(record.rating_widget_status, status)
                found = self.env[model].search([("rating_widget_status", "=", status)])
                self.assertIn(record, found)
                groups = dict(
                    self.env[model]._read_group([("id", "=", record.id)], ["rating_widget_status"], ["__count"])
                )
                self.assertEqual(groups, {status: 1})
        self.assertEqual(other_order.rating_widget_status, "not_requested")
        self._request(self.order)
        orders = self.env["sale.order"].search([("id", "in", (self.order | other_order).ids)])
        self.assertEqual(
            dict(orders._read_group([("id", "in", orders.ids)], ["rating_widget_status"], ["__count"])),
            {"requested": 1, "not_requested": 1},
        )
        self._rate(self._rating_of(self.order), 3)
        self.assertEqual(self.order.rating_widget_status, "ok")
        # the customer shows its latest rating
        self.assertEqual(self.customer.rating_widget_status, "ok")
        # the Ratings menu groups by month, team and responsible
        groups = self.env["rating.rating"]._read_group(
            [
                ("rating_widget_request", "=", True),
                ("consumed", "=", True),
                ("rating_widget_customer_id", "=", self.customer.id),
            ],
            ["rating_widget_rated_at:month", "rating_widget_team", "rating_widget_user_id"],
            ["__count"],
        )
        rows = [(team, user.name, count) for __, team, user, count in groups]
        self.assertEqual(len(rows), 2)  # the order's team and the invoice's (the salesperson's default)
        self.assertIn(("Team Lyon", "Sam Sales", 1), rows)

    def test_the_same_browser_changes_its_rating_another_cannot(self):
        rating = self._request(self.order)
        self.assertIsNone(self._rate(rating, 4, "Good"))
        self.assertEqual(self._rate(rating, 1, "Scanner", browser="a-link-scanner"), "other_browser")
        self.assertEqual((rating.rating, rating.feedback), (4, "Good"))
        self.assertIsNone(self._rate(rating, 2, "Actually late"))
        self.assertEqual((rating.rating, rating.feedback), (2, "Actually late"))
        self.assertEqual(self.order.rating_widget_status, "bad")
        # still one message in the chatter, updated
        self.assertEqual(len(self.order.message_ids.filtered(lambda m: m.rating_ids == rating)), 1)

    def test_a_form_is_accepted_once_and_must_be_signed(self):
        rating = self._request(self.order)
        form_token = rating._rating_widget_form_token(BROWSER, time.time() - 5)
        self.assertIsNone(rating._rating_widget_submit(4, "", form_token, BROWSER))
        self.assertEqual(rating._rating_widget_submit(1, "", form_token, BROWSER), "used")
        self.assertEqual(rating.rating, 4)
        forged = form_token[:-4] + "AAAA"
        self.assertEqual(rating._rating_widget_submit(1, "", forged, BROWSER), "form")
        self.assertEqual(rating._rating_widget_submit(1, "", "", BROWSER), "form")
        self.assertEqual(
            rating._rating_widget_submit(9, "", rating._rating_widget_form_token(BROWSER, time.time() - 5), BROWSER),
            "score",
        )

    def test_a_form_sent_back_at_once_is_a_robot(self):
        self.env["ir.config_parameter"].sudo().set_param("rating_widget.form_min_seconds", 2)
        rating = self._request(self.order)
        self.assertEqual(
            rating._rating_widget_submit(5, "", rating._rating_widget_form_token(BROWSER), BROWSER), "too_fast"
        )
        self.assertFalse(rating.consumed)
        self.assertEqual(self.order.rating_widget_status, "requested")

    def test_the_filters_are_in_the_search_views(self):
        for model in ("res.partner", "sale.order", "account.move"):
            with self.subTest(model=model):
                arch = self.env[model].get_views([(False, "search")])["views"]["search"]["arch"]
                names = ("rw_not_requested", "rw_requested", "rw_good", "rw_ok", "rw_bad", "rw_group_rating_status")
                for name in names:
                    self.assertIn(f'name="{name}"', arch)
