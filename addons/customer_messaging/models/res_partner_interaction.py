import datetime as dt

from odoo import api, fields, models, tools


class ResPartner(models.Model):
    """Credit hold and interactions of a customer.

    Kept apart from ``res_partner.py`` (messages and consent) as a feature of its own.
    The credit hold works without Accounting (a hold set by hand); with Accounting
    installed it also reads the credit limit and the overdue invoices.
    """

    _inherit = "res.partner"

    cm_credit_hold_manual = fields.Boolean(
        string="Put on Credit Hold",
        tracking=True,
        help="Hold this customer's credit by hand, whatever their invoices say.",
    )
    cm_credit_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_cm_credit_hold",
        help="Over the credit limit, invoices overdue for longer than the company allows, or held by hand.",
    )
    cm_credit_hold_reason = fields.Char(string="Credit Hold Reason", compute="_compute_cm_credit_hold")
    cm_interaction_count = fields.Integer(string="Interaction Count", compute="_compute_cm_interaction_count")

    @api.depends_context("company")
    @api.depends("cm_credit_hold_manual", "commercial_partner_id.cm_credit_hold_manual")
    def _compute_cm_credit_hold(self):
        customers = self.commercial_partner_id
        reasons = {customer.id: [] for customer in customers}
        for customer in customers.filtered("cm_credit_hold_manual"):
            reasons[customer.id].append(self.env._("put on credit hold by hand"))
        if customers.ids and "account.move" in self.env:
            self._cm_credit_hold_accounting(customers, reasons)
        for partner in self:
            found = reasons.get(partner.commercial_partner_id.id) or []
            partner.cm_credit_hold = bool(found)
            text = "; ".join(found)
            partner.cm_credit_hold_reason = text[:1].upper() + text[1:] if text else False

    def _cm_credit_hold_accounting(self, customers, reasons):
        """Credit limit and overdue invoices, for the current company, in two queries."""
        company = self.env.company
        customers = customers.filtered("id").sudo().with_company(company)
        if company.account_use_credit_limit:
            for customer in customers:
                if customer.credit_limit and customer.credit > customer.credit_limit:
                    reasons[customer.id].append(
                        self.env._(
                            "over the credit limit (%(credit)s owed, limit %(limit)s)",
                            credit=tools.format_amount(self.env, customer.credit, company.currency_id),
                            limit=tools.format_amount(self.env, customer.credit_limit, company.currency_id),
                        )
                    )
        days = company.cm_credit_hold_overdue_days
        if days <= 0:
            return
        before = fields.Date.context_today(self) - dt.timedelta(days=days)
        overdue = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                    ("invoice_date_due", "<", before),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for customer, count in overdue:
            reasons[customer.id].append(
                self.env._("%(count)s invoice(s) overdue by more than %(days)s days", count=count, days=days)
            )

    def _compute_cm_interaction_count(self):
        counts = (
            dict(
                self.env["messaging.interaction"]._read_group(
                    [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                    ["commercial_partner_id"],
                    ["__count"],
                )
            )
            if self.env["messaging.interaction"].has_access("read")
            else {}
        )
        for partner in self:
            partner.cm_interaction_count = counts.get(partner.commercial_partner_id, 0)

    def action_cm_open_interactions(self):
        """The interactions of this customer (its commercial entity and its contacts)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_interaction_action")
        customer = self.commercial_partner_id
        action["domain"] = [("commercial_partner_id", "=", customer.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
