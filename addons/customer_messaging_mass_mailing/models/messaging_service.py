import re

from lxml import html
from markupsafe import escape

from odoo import api, models

# the links Odoo's email designer puts in its themes and footers, which mass_mailing
# replaces for each recipient of a mailing (relative in the design, absolute once sent)
UNSUBSCRIBE_LINK = re.compile(r"^(?:https?://[^/]+)?/unsubscribe_from_list$")
VIEW_ONLINE_LINK = re.compile(r"^(?:https?://[^/]+)?/view$")


class MessagingService(models.AbstractModel):
    _inherit = "messaging.service"

    @api.model
    def _full_email(self, body, *, unsubscribe_url=None, unsubscribe_html=""):
        """A designed email keeps its own *Unsubscribe* link, which then leads to the
        suite's unsubscribe page; where the customer cannot unsubscribe (a service
        message) the link goes, as does *View Online* (no web version is kept)."""
        if "/unsubscribe_from_list" not in body and "/view" not in body:
            return super()._full_email(body, unsubscribe_url=unsubscribe_url, unsubscribe_html=unsubscribe_html)
        root = html.fragment_fromstring(body, create_parent="div")
        linked = False
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if UNSUBSCRIBE_LINK.match(href) and unsubscribe_url:
                link.set("href", unsubscribe_url)
                linked = True
            elif UNSUBSCRIBE_LINK.match(href) or VIEW_ONLINE_LINK.match(href):
                link.drop_tree()
        body = "".join([str(escape(root.text or ""))] + [html.tostring(child, encoding="unicode") for child in root])
        if linked:
            return body
        return super()._full_email(body, unsubscribe_url=unsubscribe_url, unsubscribe_html=unsubscribe_html)
