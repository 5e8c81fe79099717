from odoo import models

from odoo.addons.customer_messaging.tools.render_scope import RenderScope

from ..tools.widget import TAG_RE, replace_tag


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
        if not model or model not in self.env or not self.env[model]._rating_widget_can_rate():
            return result
        records = self.env[model].browse([res_id for res_id in result if res_id])
        fname = records._messaging_customer_field()
        todo = [
            (record, record if fname == "id" else record[fname])
            for record in records
            if isinstance(result.get(record.id), str) and TAG_RE.search(result[record.id])
        ]
        scope = RenderScope(
            self.env,
            "html",
            bool(self.env.context.get("messaging_preview")),
            [(model, record.id, partner.id) for record, partner in todo if partner],
        )
        for record, partner in todo:
            # a document without a customer: nobody to rate it, the tag goes away
            widget = (
                self.env["rating.rating"]._rating_widget_html(model, record.id, partner.id, scope) if partner else ""
            )
            result[record.id] = replace_tag(result[record.id], widget)
        return result
