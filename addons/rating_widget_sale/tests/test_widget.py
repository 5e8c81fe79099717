from odoo.tests import Form, tagged

from .common import RatingWidgetCase


@tagged("post_install", "-at_install")
class TestWidget(RatingWidgetCase):
    def test_the_tag_is_offered_on_documents_with_a_customer(self):
        for model in ("sale.order", "account.move", "res.partner"):
            with self.subTest(model=model):
                names = [tag.name for tag in self.env[model]._messaging_template_tags()]
                self.assertIn("WIDGETVALUATION", names)
        self.assertIn("@WIDGETVALUATION@", self.rating_template.available_tags)

    def test_an_email_shows_five_choices_linking_to_one_token(self):
        rows = self._send_template(self.rating_template, self.order)
        self.assertEqual(rows.state, "done")
        body = rows.message_id.body
        links = self._links(body)
        self.assertEqual([score for __, ___, score in links], ["1", "2", "3", "4", "5"])
        tokens = {token for __, token, ___ in links}
        self.assertEqual(len(tokens), 1)
        token = tokens.pop()
        self.assertGreaterEqual(len(token), 43, "at least 128 bits (here 256)")
        # works in mail clients: a table, no script, no image, an accessible name on each choice
        self.assertIn('role="presentation"', body)
        self.assertNotIn("<script", body)
        self.assertNotIn("<img", body)
        self.assertIn('aria-label="5 out of 5: very satisfied"', body)
        rating = self._rating_of(self.order)
        self.assertEqual(rating.access_token, token)
        self.assertFalse(rating.consumed)
        self.assertEqual(rating.partner_id, self.customer)
        self.assertEqual(rating.rating_widget_user_id, self.salesman)
        self.assertEqual(rating.rating_widget_team, "Team Lyon")
        self.assertEqual(rating.rating_widget_customer_id, self.customer)
        self.assertEqual(self.order.rating_widget_status, "requested")
        self.assertEqual(self.customer.rating_widget_status, "requested")

    def test_every_message_about_a_document_carries_the_same_link(self):
        self._send_template(self.rating_template, self.order)
        first = self._rating_of(self.order).access_token
        self.rating_template.copy()  # another template, another dedupe key
        second_template = self.rating_template.copy()
        self._send_template(second_template, self.order)
        self.assertEqual(len(self._rating_of(self.order)), 1)
        self.assertEqual(self._rating_of(self.order).access_token, first)

    def test_a_template_without_the_tag_requests_nothing(self):
        template = self.rating_template.copy({"body_html": "<p>Your order @DOCUMENTREF@.</p>"})
        self._send_template(template, self.order)
        self.assertFalse(self._rating_of(self.order))
        self.assertEqual(self.order.rating_widget_status, "not_requested")

    def test_an_sms_carries_one_link(self):
        template = self.env["messaging.template"].create(
            {
                "name": "Rate SMS",
                "channel": "sms",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "body_text": "Thanks! @WIDGETVALUATION@",
            }
        )
        rows = self._send_template(template, self.order)
        self.assertEqual(rows.state, "done")
        sms = self.env["sms.sms"].sudo().search([("mail_message_id", "=", rows.message_id.id)])
        token = self._rating_of(self.order).access_token
        self.assertIn(f"/rating_widget/{token}", sms.body)
        self.assertNotIn("<", sms.body)

    def test_faces_instead_of_stars(self):
        self.company.rating_widget_style = "faces"
        rows = self._send_template(self.rating_template, self.order)
        self.assertIn("\U0001f604", rows.message_id.body)

    def test_a_preview_writes_no_rating(self):
        preview = self.env["messaging.template.preview"].create(
            {"template_id": self.rating_template.id, "res_id": self.order.id}
        )
        self.assertIn('role="presentation"', preview.body_html)
        self.assertFalse(self._links(preview.body_html))
        self.assertFalse(self._rating_of(self.order))

    def test_a_preview_of_an_odoo_email_template_writes_no_rating(self):
        template = self.env["mail.template"].create(
            {
                "name": "Odoo email with the widget",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "subject": "Your order",
                "body_html": "<p>Rate us: @WIDGETVALUATION@</p>",
            }
        )
        preview = self.env["mail.template.preview"].create(
            {"mail_template_id": template.id, "resource_ref": f"sale.order,{self.order.id}"}
        )
        self.assertIn('role="presentation"', preview.body_html, "the widget is shown")
        self.assertFalse(self._rating_of(self.order), "nothing is requested from the customer")
        self.assertEqual(self.order.rating_widget_status, "not_requested")

    def test_in_the_composer(self):
        composer = self._composer(self.customer, record=self.order, body="<p>Rate us: @WIDGETVALUATION@</p>")
        composer.subject = "Your order"
        composer.action_send()
        message = self.env["mail.message"].search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id), ("subject", "=", "Your order")]
        )
        self.assertEqual(len(self._links(message.body)), 5)
        self.assertEqual(self.order.rating_widget_status, "requested")

    def test_in_odoo_order_and_invoice_emails(self):
        for record in (self.order, self.invoice):
            with self.subTest(model=record._name):
                template = self.env["mail.template"].create(
                    {
                        "name": "Odoo email",
                        "model_id": self.env["ir.model"]._get_id(record._name),
                        "subject": "Your document",
                        "body_html": "<p>Hello</p><p>@WIDGETVALUATION@</p>",
                    }
                )
                body = template._render_field("body_html", record.ids)[record.id]
                self.assertEqual(len(self._links(body)), 5)
                self.assertNotIn("@WIDGETVALUATION@", body)
                record.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
                message = record.message_ids[0]
                self.assertEqual(len(self._links(message.body)), 5)
                self.assertEqual(len(self._rating_of(record)), 1)
                self.assertEqual(record.rating_widget_status, "requested")

    def test_sale_order_send_by_email_composer(self):
        template = self.env.ref("sale.email_template_edi_sale")
        template.body_html = str(template.body_html) + "<p>@WIDGETVALUATION@</p>"
        action = self.order.action_quotation_send()
        composer = Form(self.env["mail.compose.message"].with_context(**action["context"]))
        composer.save().action_send_mail()
        message = self.order.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertEqual(len(self._links(message.body)), 5)

    def test_an_odoo_email_about_a_document_without_customer_drops_the_tag(self):
        self.invoice.partner_id = False
        template = self.env["mail.template"].create(
            {
                "name": "No customer",
                "model_id": self.env["ir.model"]._get_id("account.move"),
                "body_html": "<p>Hello</p><p>@WIDGETVALUATION@</p>",
            }
        )
        body = template._render_field("body_html", self.invoice.ids)[self.invoice.id]
        self.assertNotIn("@WIDGETVALUATION@", body)
        self.assertFalse(self._links(body))
        self.assertFalse(
            self.env["rating.rating"].search([("res_model", "=", "account.move"), ("res_id", "=", self.invoice.id)])
        )

    def test_the_ratings_menu_has_pivot_and_graph_views(self):
        action = self.env.ref("rating_widget.rating_rating_action")
        self.assertEqual([mode for __, mode in action.views], ["pivot", "graph", "list"])
        views = self.env["rating.rating"].get_views([*action.views, (action.search_view_id.id, "search")])
        self.assertIn('interval="month"', views["views"]["pivot"]["arch"])
        self.assertIn("rating_widget_team", views["views"]["search"]["arch"])
        self.assertIn("rating_widget_user_id", views["views"]["search"]["arch"])
