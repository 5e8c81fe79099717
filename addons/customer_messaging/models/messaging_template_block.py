from urllib.parse import urlsplit

from markupsafe import Markup

from odoo import fields, models

BLOCK_STYLES = {
    "heading": "font-size:22px;font-weight:bold;margin:0 0 12px 0;",
    "text": "font-size:14px;line-height:1.5;margin:0 0 12px 0;",
    "note": "font-size:12px;color:#6c757d;margin:0 0 12px 0;",
}


class MessagingTemplateBlock(models.Model):
    _name = "messaging.template.block"
    _inherit = ["messaging.code.guard"]
    _description = "Email Template Block"
    _order = "sequence, id"
    _messaging_code_fields = ("content", "url")

    template_id = fields.Many2one("messaging.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("heading", "Heading"),
            ("text", "Paragraph"),
            ("button", "Button"),
            ("divider", "Divider"),
            ("note", "Small print"),
        ],
        string="Block",
        required=True,
        default="text",
    )
    content = fields.Text(translate=True, help="Tags allowed. Line breaks are kept.")
    url = fields.Char(string="Link", help="For buttons: where it leads. Tags allowed.")

    def _html(self, text, url, *, source=False):
        """The block as email HTML. ``source``: ``text`` and ``url`` are the block's own
        (tags unrendered), for a designer to edit: a link made of tags is kept."""
        color = self.template_id.company_id.primary_color or self.env.company.primary_color or "#875A7B"
        lines = Markup("<br/>").join(text.splitlines()) if text else ""  # each line escaped
        if self.kind == "divider":
            return Markup('<hr style="border:none;border-top:1px solid #dee2e6;margin:16px 0;"/>')
        if self.kind == "button":
            allowed = urlsplit(url).scheme in ("http", "https", "mailto") or (source and url.startswith("@"))
            href = url if allowed else "#"
            return Markup(
                '<p style="margin:16px 0;"><a href="%s" style="background-color:%s;color:#ffffff;padding:10px 18px;'
                'text-decoration:none;border-radius:4px;display:inline-block;">%s</a></p>'
            ) % (href, color, lines)
        if self.kind == "heading":
            return Markup('<h2 style="%s">%s</h2>') % (BLOCK_STYLES["heading"], lines)
        return Markup('<p style="%s">%s</p>') % (BLOCK_STYLES[self.kind], lines)
