import re

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
        self._submit(1, [self.slow.id])
        Rating = self.env["rating.rating"]
        self.assertEqual(Rating.search([("rating_widget_reason_ids", "=", "Slow answer")]), self.rating)
        groups = dict(
            Rating._read_group([("rating_widget_request", "=", True)], ["rating_widget_reason_ids"], ["__count"])
        )
        self.assertEqual(groups[self.slow], 1)
        self.assertEqual(self.slow.rating_count, 1)


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
