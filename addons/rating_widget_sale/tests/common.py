import re

from odoo.addons.customer_messaging.tests.common import MessagingCase

LINK_RE = re.compile(r'href="([^"]*/rating_widget/([A-Za-z0-9_\-]+)/([1-5]))"')


class RatingWidgetCase(MessagingCase):
    """A salesperson, an order and an invoice for the suite's consenting customer,
    and a template showing the widget."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "sam.sales",
                "email": "sam.sales@example.com",
                "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        cls.team = cls.env["crm.team"].create({"name": "Team Lyon"})
        product = cls.env["product.product"].create({"name": "Repair", "list_price": 100.0})
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesman.id,
                "team_id": cls.team.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
            }
        )
        cls.invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_user_id": cls.salesman.id,
                "invoice_line_ids": [(0, 0, {"name": "Repair", "quantity": 1, "price_unit": 100.0})],
            }
        )
        cls.rating_template = cls.env["messaging.template"].create(
            {
                "name": "Thanks",
                "channel": "email",
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "subject": "Thank you @CUSTOMERNAME@",
                "body_html": "<p>Your order @DOCUMENTREF@.</p><p>@WIDGETVALUATION@</p>",
            }
        )

    def _send_template(self, template, records, partner=None):
        """Queue ``template`` for ``records`` in the outbox and dispatch it, as the suite does."""
        rows = [
            {
                "source": "test",
                "event": template.id,
                "company_id": self.company.id,
                "channel": template.channel,
                "kind": "transactional",
                "template_id": template.id,
                "model": record._name,
                "res_id": record.id,
                "partner_id": (partner or record.partner_id).id,
            }
            for record in records
        ]
        ids = self.env["messaging.outbox"]._enqueue(rows)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        return self.env["messaging.outbox"].browse(ids)

    def _links(self, html):
        return LINK_RE.findall(str(html))

    def _rating_of(self, record, partner=None):
        return self.env["rating.rating"].search(
            [
                ("rating_widget_request", "=", True),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("partner_id", "=", (partner or record.partner_id).id),
            ]
        )
