from odoo import api, fields, models
from odoo.exceptions import UserError

REMARK_SUBJECT_MAX_LENGTH = 200
REMARK_BODY_MAX_LENGTH = 10000


class MessagingCustomerRemark(models.Model):
    """A remark a customer sends about our service from the portal.

    Only the Messaging managers read them (access rights): the customer writes
    through :meth:`_create_from_portal`, never through the ORM.
    """

    _name = "messaging.customer.remark"
    _description = "Customer Remark"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char(string="Subject", required=True)
    body = fields.Text(string="Remark", required=True)
    partner_id = fields.Many2one("res.partner", string="From", required=True, readonly=True, index=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", string="Company", required=True, readonly=True, default=lambda self: self.env.company
    )
    state = fields.Selection([("new", "New"), ("done", "Handled")], required=True, default="new", tracking=True)

    @api.model
    def _create_from_portal(self, subject, body):
        """The current (portal) user sends a remark; returns it. Bad input raises a
        translated :class:`UserError` the portal page shows."""
        subject = (subject or "").strip()
        body = (body or "").strip()
        if not subject or not body:
            raise UserError(self.env._("Write a subject and your remark."))
        if len(subject) > REMARK_SUBJECT_MAX_LENGTH or len(body) > REMARK_BODY_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "A remark may have at most %(subject)s characters of subject and %(body)s of text.",
                    subject=REMARK_SUBJECT_MAX_LENGTH,
                    body=REMARK_BODY_MAX_LENGTH,
                )
            )
        partner = self.env.user.partner_id
        # the customer may create remarks through this method only, never read them back
        return (
            self.sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": subject,
                    "body": body,
                    "partner_id": partner.id,
                    "company_id": (partner.company_id or self.env.company).id,
                }
            )
        )

    def action_done(self):
        self.write({"state": "done"})

    def action_reopen(self):
        self.write({"state": "new"})
