"""The rating widget: its HTML, and the computed tag that shows it.

The suite's renderer (``messaging_core.templating``) gives a tag's ``compute`` the
frozen, plain render context (no environment, no records: ARCHITECTURE §4) and the
scope the caller passed (``customer_messaging.tools.render_scope.RenderScope``). A
rating link needs a token, written in the database, and a token must only be
created when a template really shows the widget: the tag reads the document
reference from the context (``rating_widget_ref``: plain text) and asks ``rating.rating`` for
the widget in the scope's mode (email HTML or SMS text), the scope keeping the
tokens of its batch.
"""

import re

from markupsafe import Markup, escape

TAG_RE = re.compile(r"@widgetvaluation@", re.IGNORECASE)

#: scores offered, best last; rating.rating stores 1..5 (Odoo: 4-5 satisfied, 3 okay, 1-2 not)
SCORES = (1, 2, 3, 4, 5)
FACES = {1: "\U0001f620", 2: "\U0001f641", 3: "\U0001f610", 4: "\U0001f642", 5: "\U0001f604"}
STAR = "\u2605"
#: where each message's link goes in a widget built once per company and language
URL_PLACEHOLDER = "__RW_URL__"


def compute_widget(context, scope):
    """``@WIDGETVALUATION@``: the widget for the context's document and customer, made
    in the render's scope; empty when rendered without one (nothing to link to)."""
    ref = context.get("rating_widget_ref")
    if scope is None or not ref:
        return ""
    model, res_id, partner_id = ref.split(",")
    return scope.env["rating.rating"]._rating_widget_html(model, int(res_id), int(partner_id), scope)


def widget_html(url, style, title, labels):
    """The row of five choices: a table (mail clients ignore most CSS), text
    glyphs (no images to block), a link per score with an accessible name.

    ``url``: the rating page, ``/<score>`` is appended; ``labels``: ``{score: text}``.
    """
    cells = []
    captions = []
    for score in SCORES:
        glyph = FACES[score] if style == "faces" else STAR
        label = labels[score]
        href = f"{url}/{score}"
        cells.append(
            Markup(
                '<td align="center" style="padding:0 6px;">'
                '<a href="%s" title="%s" aria-label="%s" '
                'style="text-decoration:none;font-size:30px;line-height:36px;color:#f0a30a;">%s</a></td>'
            )
            % (href, label, label, glyph)
        )
        captions.append(
            Markup('<td align="center" style="padding:0 6px;font-size:11px;color:#555555;">%s</td>')
            % (score if style != "faces" else label)
        )
    return Markup(
        '<table role="presentation" class="o_rw_widget" cellpadding="0" cellspacing="0" border="0" '
        'style="margin:16px 0;border-collapse:collapse;">'
        '<tr><td colspan="5" style="padding:0 6px 6px 6px;font-weight:bold;">%s</td></tr>'
        "<tr>%s</tr><tr>%s</tr></table>"
    ) % (title, Markup("").join(cells), Markup("").join(captions))


def widget_text(url, title):
    """The widget in an SMS: one link to the rating page."""
    return f"{title} {url or ''}".strip()


def replace_tag(html, widget):
    """``html`` with every ``@WIDGETVALUATION@`` replaced by ``widget`` (escaped unless Markup)."""
    result = TAG_RE.sub(lambda __: str(escape(widget)), str(html))
    return Markup(result) if isinstance(html, Markup) else result  # noqa: S704 - html was Markup
