import re

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import RatingWidgetCase

FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestLowScoreReasons(HttpCase, RatingWidgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("rating_widget.form_min_seconds", 0)
        cls.slow = cls.env.ref("rating_widget.reason_slow")
        cls.unsolved = cls.env.ref("rating_widget.reason_not_solved")
        cls.other_company = cls.env["res.company"].create({"name": "Other Company"})
        cls.foreign = cls.env["rating_widget.reason"].create({"name": "Foreign", "company_id": cls.other_company.id})

    def setUp(self):
        super().setUp()
        self._send_template(self.rating_template, self.order)
        self.rating = self._rating_of(self.order)
        self.token = self.rating.access_token

    def _submit(self, score, reasons, comment=""):
        page = self.url_open(f"/rating_widget/{self.token}/{score}")
        form_token = FORM_TOKEN_RE.search(page.text).group(1)
        data = [("score", str(score)), ("comment", comment), ("form_token", form_token)]
        data += [("reason", str(reason)) for reason in reasons]
        response = self.url_open(f"/rating_widget/{self.token}/submit", data=data)
        self.rating.invalidate_recordset()
        return page, response

    def test_a_low_score_asks_what_went_wrong_and_keeps_the_ticked_reasons(self):
        page, response = self._submit(1, [self.slow.id, self.unsolved.id], "Two weeks to answer")
        self.assertIn("What went wrong?", page.text)
        self.assertIn("Slow answer", page.text)
        self.assertNotIn("Foreign", page.text, "another company's reasons are not offered")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.rating.rating, 1)
        self.assertEqual(self.rating.rating_widget_reason_ids, self.slow | self.unsolved)
        self.assertRegex(response.text, rf'value="{self.slow.id}"\s+checked', "shown again ticked")
        # the responsible reads them in the email about the rating
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "sale.order"), ("res_id", "=", self.order.id), ("subject", "like", "New rating")])
        )
        self.assertIn("What went wrong: <strong>Slow answer, Problem not solved</strong>", mail.body_html)

    def test_reasons_not_offered_are_ignored(self):
        self._submit(2, [self.foreign.id, 999999, "1 OR 1=1", self.slow.id])
        self.assertEqual(self.rating.rating_widget_reason_ids, self.slow)

    def test_a_good_score_keeps_no_reason(self):
        self._submit(5, [self.slow.id])
        self.assertEqual(self.rating.rating, 5)
        self.assertFalse(self.rating.rating_widget_reason_ids)

    def test_the_reasons_are_in_french_for_a_french_customer(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.slow.with_context(lang="fr_FR").name = "Réponse lente"
        self.customer.lang = "fr_FR"
        page = self.url_open(f"/rating_widget/{self.token}/1")
        self.assertIn("Réponse lente", page.text)

    def test_reasons_are_searchable_and_grouped(self):
        before = self.slow.rating_count  # demo data may hold ratings with reasons
        self._submit(1, [self.slow.id])
        Rating = self.env["rating.rating"]
        mine = [("res_model", "=", "sale.order"), ("res_id", "=", self.order.id)]
        self.assertEqual(Rating.search([*mine, ("rating_widget_reason_ids", "=", "Slow answer")]), self.rating)
        groups = dict(Rating._read_group(mine, ["rating_widget_reason_ids"], ["__count"]))
        self.assertEqual(groups, {self.slow: 1})
        self.slow.invalidate_recordset(["rating_count"])
        self.assertEqual(self.slow.rating_count, before + 1)


@tagged("post_install", "-at_install")
class TestResponseRate(RatingWidgetCase):
    def test_requests_rated_rate_and_average_by_responsible(self):
        orders = self.order | self.order.copy() | self.order.copy() | self.order.copy()
        self._send_template(self.rating_template, orders)
        ratings = self.env["rating.rating"].browse([self._rating_of(order).id for order in orders])
        orders[0].sudo().rating_apply(4, rating=ratings[0])
        orders[1].sudo().rating_apply(2, rating=ratings[1])
        groups = self.env["rating.rating"]._read_group(
            [("id", "in", ratings.ids)],
            ["rating_widget_user_id"],
            [
                "rating_widget_request_count:sum",
                "rating_widget_rated_count:sum",
                "rating_widget_response_rate:avg",
                "rating_widget_score:avg",
            ],
        )
        self.assertEqual(len(groups), 1)
        user, sent, rated, rate, average = groups[0]
        self.assertEqual(user, self.salesman)
        self.assertEqual((sent, rated, rate, average), (4, 2, 50, 3.0), "the unrated are left out of the average")


@tagged("post_install", "-at_install")
class TestRatingReminder(RatingWidgetCase):
    """One reminder to a customer who has not rated N days after the request."""

    def _request(self, when="2026-03-02 10:00:00"):
        with freeze_time(when):
            self._send_template(self.rating_template, self.order)
        return self._rating_of(self.order)

    def _remind(self, when):
        with freeze_time(when):
            planned = self.env["rating.rating"]._rating_widget_cron_remind()
            self.env["messaging.outbox"]._dispatch(auto_commit=False)
        return self.env["messaging.outbox"].browse(planned)

    def test_one_reminder_after_three_days_with_the_same_link(self):
        rating = self._request()
        self.assertFalse(self._remind("2026-03-04 10:00:00"), "not before three days")
        row = self._remind("2026-03-05 10:01:00")
        self.assertEqual(
            (row.state, row.model, row.res_id, row.partner_id), ("done", "sale.order", self.order.id, self.customer)
        )
        self.assertEqual(row.message_id.subject, f"One click to tell us how we did: {self.order.name}")
        tokens = {token for __, token, ___ in self._links(row.message_id.body)}
        self.assertEqual(tokens, {rating.access_token}, "the same link as the request")
        self.assertTrue(rating.rating_widget_reminded_at)
        self.assertFalse(self._remind("2026-03-09 10:00:00"), "never twice")

    def test_no_reminder_after_rating(self):
        rating = self._request()
        self.order.sudo().rating_apply(5, rating=rating)
        self.assertFalse(self._remind("2026-03-06 10:00:00"))

    def test_a_reminder_planned_then_rated_is_not_sent(self):
        rating = self._request()
        with freeze_time("2026-03-05 10:01:00"):
            row = self.env["messaging.outbox"].browse(self.env["rating.rating"]._rating_widget_cron_remind())
            self.order.sudo().rating_apply(4, rating=rating)
            self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual((row.state, row.error), ("cancelled", "the customer has rated"))

    def test_no_reminder_once_the_link_has_expired_nor_when_switched_off(self):
        rating = self._request()
        rating.rating_widget_expires_at = "2026-03-04 00:00:00"
        self.assertFalse(self._remind("2026-03-06 10:00:00"))
        rating.rating_widget_expires_at = "2026-12-31 00:00:00"
        self.company.rating_widget_reminder_days = 0
        self.assertFalse(self._remind("2026-03-06 10:00:00"))

    def test_the_reminder_reaches_a_french_customer_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env.ref("rating_widget.messaging_template_rating_reminder")
        template.with_context(lang="fr_FR").subject = "Un clic pour nous dire : @DOCUMENTNAME@"
        self.customer.lang = "fr_FR"
        self._request()
        row = self._remind("2026-03-05 10:01:00")
        self.assertEqual(row.message_id.subject, f"Un clic pour nous dire : {self.order.name}")
