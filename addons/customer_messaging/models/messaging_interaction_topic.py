from odoo import fields, models


class MessagingInteractionTopic(models.Model):
    """The configurable list of topics a customer interaction is filed under."""

    _name = "messaging.interaction.topic"
    _description = "Customer Interaction Topic"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", help="Empty: every company.")
    color = fields.Integer()
