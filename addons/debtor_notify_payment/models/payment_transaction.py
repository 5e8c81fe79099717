from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    debtor_reminder_id = fields.Many2one(
        "debtor.reminder",
        string="Payment Reminder",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The reminder whose page the customer paid everything from.",
    )

    def _create_payment(self, **extra_create_values):
        """Odoo matches the payment with the invoices it paid; a payment of a
        reminder's total due, which counted the customer's credit notes and unused
        payments, also has those settle what it did not cover."""
        payment = super()._create_payment(**extra_create_values)
        if self.debtor_reminder_id and self.invoice_ids:
            self.debtor_reminder_id.sudo()._debtor_settle_credits(self.invoice_ids, payment)
        return payment
