from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class InteractionPortal(CustomerPortal):
    """The "My interactions" and "Send us a remark" pages of the customer portal.

    Everything is read as the logged-in user: the record rules keep a customer to
    their own commercial entity's published interactions. Writing goes through
    one model method each (reply, remark), which checks access first.
    """

    _interactions_per_page = 20

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "messaging_interaction_count" in counters:
            interactions = request.env["messaging.interaction"]
            values["messaging_interaction_count"] = (
                interactions.search_count(interactions._portal_domain()) if interactions.has_access("read") else 0
            )
        return values

    def _messaging_interaction_or_404(self, interaction_id):
        interactions = request.env["messaging.interaction"]
        if not interactions.has_access("read"):
            raise NotFound()
        interaction = interactions.search([("id", "=", interaction_id), *interactions._portal_domain()], limit=1)
        if not interaction:
            raise NotFound()  # the same answer for someone else's and for a missing one
        return interaction

    @http.route(["/my/interactions", "/my/interactions/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_interactions(self, page=1, **kw):
        interactions = request.env["messaging.interaction"]
        values = self._prepare_portal_layout_values()
        if not interactions.has_access("read"):
            raise NotFound()
        domain = interactions._portal_domain()
        total = interactions.search_count(domain)
        pager = portal_pager(url="/my/interactions", total=total, page=page, step=self._interactions_per_page)
        values.update(
            {
                "interactions": interactions.search(domain, limit=self._interactions_per_page, offset=pager["offset"]),
                "page_name": "cm_interaction",
                "pager": pager,
                "default_url": "/my/interactions",
            }
        )
        return request.render("customer_messaging.portal_my_interactions", values)

    @http.route(["/my/interactions/<int:interaction_id>"], type="http", auth="user", website=True)
    def portal_my_interaction(self, interaction_id, **kw):
        interaction = self._messaging_interaction_or_404(interaction_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "interaction": interaction,
                "thread": interaction._portal_messages(),
                "page_name": "cm_interaction",
                "error": kw.get("error"),
                "sent": kw.get("sent"),
            }
        )
        return request.render("customer_messaging.portal_my_interaction", values)

    @http.route(
        ["/my/interactions/<int:interaction_id>/reply"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_interaction_reply(self, interaction_id, body="", **kw):
        interaction = self._messaging_interaction_or_404(interaction_id)
        try:
            interaction._portal_reply(body)
        except AccessError as error:
            raise NotFound() from error
        except UserError as error:
            return self.portal_my_interaction(interaction_id, error=str(error.args[0]))
        return request.redirect(f"/my/interactions/{interaction.id}?sent=1#cm_thread")

    @http.route(["/my/remarks/new"], type="http", auth="user", methods=["GET"], website=True)
    def portal_my_remark(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "cm_remark", "sent": kw.get("sent"), "error": None, "subject": "", "body": ""})
        return request.render("customer_messaging.portal_my_remark", values)

    @http.route(["/my/remarks/new"], type="http", auth="user", methods=["POST"], website=True)
    def portal_my_remark_send(self, subject="", body="", **kw):
        try:
            request.env["messaging.customer.remark"]._create_from_portal(subject, body)
        except UserError as error:
            values = self._prepare_portal_layout_values()
            values.update(
                {"page_name": "cm_remark", "sent": False, "error": error.args[0], "subject": subject, "body": body}
            )
            return request.render("customer_messaging.portal_my_remark", values)
        return request.redirect("/my/remarks/new?sent=1")
