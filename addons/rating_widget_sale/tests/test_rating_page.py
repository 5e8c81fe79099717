import datetime as dt
import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import RatingWidgetCase

FORM_TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestRatingPage(HttpCase, RatingWidgetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("rating_widget.form_min_seconds", 0)

    def setUp(self):
        super().setUp()
        self._send_template(self.rating_template, self.order)
        self.rating = self._rating_of(self.order)
        self.token = self.rating.access_token

    def _form_token(self, response):
        return FORM_TOKEN_RE.search(response.text).group(1)

    def test_a_get_shows_the_clicked_score_and_writes_nothing(self):
        before = self.rating.write_date
        response = self.url_open(f"/rating_widget/{self.token}/4")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, r'<input[^>]*id="rw_score_4"[^>]*checked')
        self.assertNotRegex(response.text, r'<input[^>]*id="rw_score_5"[^>]*checked')
        self.assertIn(self.order.name, response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertIn("noindex", response.headers["X-Robots-Tag"])
        self.assertIn('name="robots" content="noindex', response.text)
        self.assertIn("/logo.png?company=", response.text, "the company's page: its logo")
        self.assertIn("o_cm_token_page_footer", response.text, "and its address")
        self.rating.invalidate_recordset()
        self.assertFalse(self.rating.consumed)
        self.assertEqual(self.rating.write_date, before)

    def test_a_wrong_or_expired_token_gets_a_neutral_page(self):
        bad = self.token[:-2] + ("AA" if not self.token.endswith("AA") else "BB")
        self.rating.rating_widget_expires_at = fields.Datetime.now() - dt.timedelta(days=1)
        expired = self.token
        for token in (bad, "x", expired):
            with self.subTest(token=token):
                response = self.url_open(f"/rating_widget/{token}/5")
                self.assertEqual(response.status_code, 404)
                self.assertIn("This rating link is not valid", response.text)
                self.assertNotIn(self.customer.name, response.text)
                self.assertNotIn(self.order.name, response.text)
                self.assertNotIn("form_token", response.text)

    def test_the_customer_confirms_comments_and_changes_the_score(self):
        page = self.url_open(f"/rating_widget/{self.token}/5")
        response = self.url_open(
            f"/rating_widget/{self.token}/submit",
            data={"score": "3", "comment": "Fine, a bit slow", "form_token": self._form_token(page)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for your rating", response.text)
        self.rating.invalidate_recordset()
        self.assertTrue(self.rating.consumed)
        self.assertEqual((self.rating.rating, self.rating.feedback), (3, "Fine, a bit slow"))
        self.assertEqual(self.order.rating_widget_status, "ok")
        self.assertTrue(self.order.message_ids.filtered(lambda m: m.rating_ids == self.rating))
        # the same browser may change its score
        self.assertIn("Fine, a bit slow", response.text)
        self.url_open(
            f"/rating_widget/{self.token}/submit",
            data={"score": "4", "comment": "Fine", "form_token": self._form_token(response)},
        )
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 4)
        # the responsible was told, twice (a rating, a change)
        mails = self.env["mail.mail"].sudo().search([("model", "=", "sale.order"), ("res_id", "=", self.order.id)])
        self.assertEqual(len(mails.filtered(lambda m: self.salesman.partner_id in m.recipient_ids)), 2)

    def test_scanners_cannot_record_nor_overwrite(self):
        # a scanner opening the links records nothing
        for score in range(1, 6):
            self.url_open(f"/rating_widget/{self.token}/{score}")
        self.rating.invalidate_recordset()
        self.assertFalse(self.rating.consumed)
        # a submission without the page's form token records nothing
        response = self.url_open(f"/rating_widget/{self.token}/submit", data={"score": "1", "form_token": ""})
        self.assertIn("please confirm your rating again", response.text)
        # a filled honeypot records nothing
        page = self.url_open(f"/rating_widget/{self.token}/1")
        self.url_open(
            f"/rating_widget/{self.token}/submit",
            data={"score": "1", "form_token": self._form_token(page), "website": "http://spam"},
        )
        self.rating.invalidate_recordset()
        self.assertFalse(self.rating.consumed)
        # the customer rates
        page = self.url_open(f"/rating_widget/{self.token}/5")
        self.url_open(f"/rating_widget/{self.token}/submit", data={"score": "5", "form_token": self._form_token(page)})
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 5)
        # a scanner (another browser: no cookie) opens and submits the form afterwards
        self.opener.cookies.clear()
        page = self.url_open(f"/rating_widget/{self.token}/1")
        self.assertIn("a rating has already been given", page.text)
        self.assertNotIn("form_token", page.text)
        replay = self.url_open(
            f"/rating_widget/{self.token}/submit", data={"score": "1", "form_token": "1.forged", "comment": "x"}
        )
        self.assertEqual(replay.status_code, 200)
        self.rating.invalidate_recordset()
        self.assertEqual((self.rating.rating, self.rating.feedback), (5, False))
        # Odoo's own rating routes do not take the widget's tokens
        self.assertEqual(self.url_open(f"/rate/{self.token}/5").status_code, 404)
        self.assertEqual(self.url_open(f"/rate/{self.token}/submit_feedback").status_code, 404)
        self.rating.invalidate_recordset()
        self.assertEqual(self.rating.rating, 5)
