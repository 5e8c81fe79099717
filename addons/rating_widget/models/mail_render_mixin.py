from odoo import models

from ..tools.widget import TAG_RE, RenderScope, replace_tag


class MailRenderMixin(models.AbstractModel):
    _inherit = "mail.render.mixin"

    def _render_field(self, field, res_ids, *args, **kwargs):
        """``@WIDGETVALUATION@`` in Odoo's own email templates (orders, invoices...):
        replaced, once Odoo has rendered the body, by the widget for the document's customer."""
        result = super()._render_field(field, res_ids, *args, **kwargs)
        if field not in ("body_html", "body") or not any(
            isinstance(value, str) and "@" in value and TAG_RE.search(value) for value in result.values()
        ):
            return result
        model = self.render_model
        if not model or model not in self.env or not self.env[model]._rw_can_rate():
            return result
        scope = RenderScope(self.env, "html", bool(self.env.context.get("rw_preview")))
        records = self.env[model].browse([res_id for res_id in result if res_id])
        for record, __, ___ in records._cm_message_customers():
            value = result.get(record.id)
            if isinstance(value, str) and TAG_RE.search(value):
                partner = record[record._cm_customer_field()] if record._cm_customer_field() != "id" else record
                widget = self.env["rating.rating"]._rw_widget(record._name, record.id, partner.id, scope)
                result[record.id] = replace_tag(value, widget)
        return result
