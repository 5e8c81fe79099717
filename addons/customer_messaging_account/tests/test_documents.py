from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase


@tagged("post_install", "-at_install")
class TestDocuments(MessagingCase):
    """From an invoice to its customer."""

    def _invoice(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2026-11-01",
                "invoice_date_due": "2026-12-01",
                "invoice_line_ids": [(0, 0, {"name": "Repair", "quantity": 1, "price_unit": 120.0, "tax_ids": False})],
            }
        )
        invoice.action_post()
        return invoice

    def _run_action(self, xmlid, record):
        action = self.env.ref(xmlid)
        result = action.with_context(active_model=record._name, active_ids=record.ids, active_id=record.id).run()
        return self.env["messaging.composer"].with_context(**result["context"]).create({})

    def test_email_the_customer_of_an_invoice(self):
        invoice = self._invoice()
        template = self.env["messaging.template"].create(
            {
                "name": "About your invoice",
                "model_id": self.env["ir.model"]._get("account.move").id,
                "subject": "Invoice @DOCUMENTREF@",
                "body_html": "<p>Dear @CUSTOMERNAME@, @AMOUNTDUE@ are due on @DUEDATE@.</p>",
            }
        )
        self.assertIn("@AMOUNTDUE@", template.available_tags, "the invoice's own tags are offered")
        composer = self._run_action("customer_messaging_account.cm_action_account_move_email", invoice)
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertEqual(composer.record_name, invoice.name)
        composer.template_id = template
        self.assertEqual(composer.subject, "Invoice @DOCUMENTREF@", "the template's text; rendered when sent")
        self.assertIn(f"Invoice {invoice.name}", composer.preview)
        self.assertIn("due on 12/01/2026", composer.preview)
        self.assertIn("120.00", composer.preview)
        self.assertFalse(self.customer.messaging_email_history_ids, "the tab was open, empty, before sending")
        composer.action_send()
        message = invoice.message_ids.filtered(lambda m: m.subject == f"Invoice {invoice.name}")
        self.assertEqual(len(message), 1, "in the invoice's chatter")
        self.assertIn(message, self.customer.messaging_email_history_ids, "and in the customer's history")
