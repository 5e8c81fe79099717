from markupsafe import Markup

from odoo import api, fields, models, tools

# mass_mailing's "Start From Scratch" layout: one centred column snippets are dropped into
LAYOUT = Markup(
    '<div class="o_layout oe_unremovable oe_unmovable bg-200 o_empty_theme" data-name="Mailing">'
    '<div class="container o_mail_wrapper o_mail_regular oe_unremovable"><div class="row">'
    '<div class="col o_mail_no_options o_mail_wrapper_td bg-white oe_structure o_editable">%s</div>'
    "</div></div></div>"
)


class MessagingTemplate(models.Model):
    """The *Blocks* design built with Odoo's email designer (``mass_mailing``'s snippet
    editor and themes): ``body_arch`` is what the designer edits, ``body_html`` the same
    email with its styles inlined, which the suite renders (tags, rating widget) and sends
    as it is, as the *HTML* design."""

    _inherit = "messaging.template"

    body_arch = fields.Html(
        string="Design",
        translate=True,
        sanitize=True,
        sanitize_overridable=False,
        # the designer keeps its structure in classes, data attributes and styles;
        # scripts, event handlers and forms are still removed
        sanitize_attributes=False,
        sanitize_style=False,
        strip_classes=False,
        copy=True,
    )
    # the designer offers the favourite mailings of the same document type as starting points
    mailing_model_id = fields.Many2one(related="model_id", string="Mailing Model")
    messaging_builder_tags = fields.Json(compute="_compute_messaging_builder_tags")

    @api.depends("model_id")
    def _compute_messaging_builder_tags(self):
        for template in self:
            template.messaging_builder_tags = [
                {"name": tag.name, "description": tag.description}
                for tag in self.env[template.model or "res.partner"]._messaging_template_tags()
            ]

    def _messaging_built(self):
        """Whether this email was made with the designer (else its block rows, if any,
        from before the designer was installed, still make it)."""
        self.ensure_one()
        return self.channel == "email" and self.design == "blocks" and not tools.is_html_empty(self.body_arch)

    def _messaging_design_from_rows(self):
        """Move the block rows of these templates into the designer, in every language
        they are written in (their texts and tags unchanged; the rows are kept)."""
        langs = [code for code, __ in self.env["res.lang"].get_installed() if code != "en_US"]
        for template in self.filtered(lambda t: t._messaging_block_rows() and t.block_ids):
            html = template.with_context(lang="en_US")._messaging_rows_layout()
            template.with_context(lang="en_US").write({"body_arch": html, "body_html": html})
            # the other languages as Odoo's translation dialog stores them: term by term
            source_terms = self._fields["body_arch"].get_trans_terms(html)
            for lang in langs:
                terms = self._fields["body_arch"].get_trans_terms(
                    template.with_context(lang=lang)._messaging_rows_layout()
                )
                if len(terms) != len(source_terms):
                    continue
                translation = {source: term for source, term in zip(source_terms, terms, strict=True) if source != term}
                if translation:
                    for fname in ("body_arch", "body_html"):
                        template.update_field_translations(fname, {lang: translation})

    def _messaging_rows_layout(self):
        rows = Markup("").join(
            block._html(block.content or "", block.url or "", source=True)
            for block in self.block_ids.sorted(lambda b: (b.sequence, b.id))
        )
        return LAYOUT % rows

    def _messaging_block_rows(self):
        return super()._messaging_block_rows() and not self._messaging_built()

    def _messaging_full_email(self):
        return super()._messaging_full_email() or self._messaging_built()
