from odoo import models


class IrModel(models.Model):
    _inherit = "ir.model"

    def _reflect_models(self, model_names):
        """When a module adds invoices, orders, tickets... (installed before or after
        this one), give them their "Email / SMS the customer" actions."""
        result = super()._reflect_models(model_names)
        service = self.env.get("messaging.service")
        if service is not None and self.env.ref("customer_messaging.group_messaging_user", raise_if_not_found=False):
            todo = [name for name in model_names if name in service._CM_DOCUMENT_MODELS]
            if todo:
                service._cm_bind_document_models(todo)
        return result
