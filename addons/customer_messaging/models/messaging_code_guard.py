from odoo import api, models


class MessagingCodeGuard(models.AbstractModel):
    """Template code (Jinja2) is written by template designers only, whatever the write
    path: form, RPC, import. Every model storing a text that will be rendered inherits
    this and names those fields in ``_messaging_code_fields`` (ARCHITECTURE §4)."""

    _name = "messaging.code.guard"
    _description = "Template Code Guard"

    #: the fields holding a text that is rendered for customers
    _messaging_code_fields = ()
    #: the field naming the template whose texts the record copies, if any
    _messaging_code_template_field = None

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._guard_code(vals)
        return super().create(vals_list)

    def write(self, vals):
        if self:
            for record in self:
                record._guard_code(vals)
        else:
            self._guard_code(vals)
        return super().write(vals)

    def _code_allowed(self, vals):
        """Sources that may hold code whoever writes them: the texts of the designer's
        template chosen on the record (``template_id``), copied for display and rendered
        from the template."""
        name = self._messaging_code_template_field
        if not name:
            return set()
        template = (self.env["messaging.template"].browse(vals[name]) if vals.get(name) else self[:1][name]).sudo()
        return {template.subject or "", template.body_html or "", template.body_text or ""} - {""}

    def _guard_code(self, vals):
        sources = [vals[name] for name in self._messaging_code_fields if isinstance(vals.get(name), str) and vals[name]]
        if not sources:
            return
        allowed = self._code_allowed(vals)
        sources = [source for source in sources if source not in allowed]
        if sources:
            self.env["messaging.service"]._check_designer(sources)
