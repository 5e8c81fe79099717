import datetime as dt

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.tools.translate import LazyTranslate

from odoo.addons.customer_messaging.tools.template_tags import TemplateTag

_lt = LazyTranslate(__name__)

# (tag, description, field) offered by ticket templates, besides the suite's common tags
TICKET_TAGS = [
    ("TICKETNUMBER", _lt("Number of the ticket"), "number"),
    ("TICKETTITLE", _lt("Title of the ticket"), "name"),
    ("TICKETSTAGE", _lt("Stage of the ticket"), "stage_id"),
    ("TICKETTEAM", _lt("Team handling the ticket"), "team_id"),
    ("ASSIGNEDTO", _lt("Person the ticket is assigned to"), "user_id"),
]
OBSERVATIONS = ("OBSERVATIONS", _lt("Description of the ticket (the customer's observations)"))
EVENTS = ("created", "closed")
#: the ``source`` of this module's rows in the suite's outbox
SOURCE = "incident_notify"


def compute_observations(context, scope):
    """``@OBSERVATIONS@``: the ticket's description, sanitised HTML in emails,
    plain text in SMS (and when rendered without a scope)."""
    if scope is not None and scope.mode == "html":
        return context.get("incident_notify_observations_html") or ""
    return context.get("incident_notify_observations_text") or ""


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    incident_notify_created = fields.Boolean(
        string="Notify the Customer of Creation",
        copy=False,
        help="Email (or SMS) the customer when this ticket is created. Preset from Settings.",
    )
    incident_notify_closed = fields.Boolean(
        string="Notify the Customer of Closing",
        copy=False,
        help="Email (or SMS) the customer when this ticket reaches a closed stage of its team. Preset from Settings.",
    )

    # --- CRUD ---------------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        # preset from the company's Settings (not a field default: tickets there before
        # the module was installed get no notice they did not ask for)
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        for event in EVENTS:
            fname = f"incident_notify_{event}"
            if fname in fields_list and fname not in values:
                values[fname] = company[fname]
        return values

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        # whatever the way in (form, incoming email, portal): the notices are queued, not sent here
        tickets.filtered("incident_notify_created")._incident_notify_enqueue("created")
        tickets.filtered(
            lambda t: t.incident_notify_closed and t._incident_notify_is_closed()
        )._incident_notify_enqueue("closed")
        return tickets

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        closed_before = {ticket.id for ticket in self if ticket._incident_notify_is_closed()}
        result = super().write(vals)
        self.filtered(
            lambda t: t.id not in closed_before and t.incident_notify_closed and t._incident_notify_is_closed()
        )._incident_notify_enqueue("closed")
        return result

    # --- closing ------------------------------------------------------------------------
    # --- one message per event, whichever feature plans it ------------------------------
    def _messaging_document_event(self, trigger):
        """A ticket's creation, and each of its closings (told apart by when it was
        closed), are events the ticket notices and notification rules both announce."""
        if trigger == "create":
            return "created"
        if trigger in ("status", "status_to") and self._incident_notify_is_closed():
            return f"closed:{fields.Datetime.to_string(self.closed_date) or ''}"
        return super()._messaging_document_event(trigger)

    def _messaging_event_owners(self, rule):
        owners = super()._messaging_event_owners(rule)
        company = rule.company_id or self.env.company
        if rule.trigger == "create" and company.incident_notify_created:
            owners.append(
                self.env._(
                    "The ticket notices (Settings, Helpdesk) already tell customers their ticket was created: "
                    "each customer gets one message for it, the first one planned."
                )
            )
        closing = rule.trigger == "status" or (
            rule.trigger == "status_to"
            and rule.status_ref
            and self.env["helpdesk.ticket.stage"].browse(rule.status_ref).exists().closed
        )
        if closing and company.incident_notify_closed:
            owners.append(
                self.env._(
                    "The ticket notices (Settings, Helpdesk) already tell customers their ticket was closed: "
                    "each customer gets one message for each closing, the first one planned."
                )
            )
        return owners

    def _incident_notify_is_closed(self):
        """Closed: in a closed stage that belongs to the ticket's team (or to every team)."""
        self.ensure_one()
        stage = self.stage_id
        if not stage.closed:
            return False
        return not stage.team_ids or not self.team_id or self.team_id in stage.team_ids

    def _track_template(self, tracking):
        """The stage's own email (helpdesk_mgmt) is not sent when this module's
        closing notice is: the customer gets one message about the closing."""
        result = super()._track_template(tracking)
        ticket = self[:1]
        if "stage_id" in result and ticket.incident_notify_closed and ticket._incident_notify_is_closed():
            del result["stage_id"]
        return result

    # --- notices ------------------------------------------------------------------------
    def _incident_notify_enqueue(self, event):
        """Queue the ``event`` notice (``created`` / ``closed``) of these tickets in the
        suite's outbox; its dispatcher sends it (and checks it again then). A ticket
        whose customer cannot be written to gets a note in its chatter saying why."""
        if not self:
            return
        rows = []
        now = fields.Datetime.now()
        # each closing is an occurrence of its own (a ticket reopened and closed again);
        # a ticket is created once
        done_before = (
            {}
            if event == "created"
            else dict(
                self.env["messaging.outbox"]
                .sudo()
                ._read_group(
                    [
                        ("model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("source", "=", SOURCE),
                        ("event", "=", event),
                    ],
                    ["res_id"],
                    ["__count"],
                )
            )
        )
        for ticket in self:
            partner = ticket.partner_id
            company = ticket.company_id or self.env.company
            channel = "email" if partner.email else ("sms" if partner.mobile else None)
            template = company[f"incident_notify_{event}_{channel}_template_id"] if channel else None
            if not partner or not channel or not template:
                ticket._incident_notify_note_not_sent(
                    event, ticket._incident_notify_reason_not_queued(partner, channel)
                )
                continue
            occurrence = done_before.get(ticket.id, 0)
            rows.append(
                {
                    "source": SOURCE,
                    "event": event,
                    "occurrence": occurrence,
                    # a rule may announce the same event: the customer gets one message
                    "document_event": ticket._messaging_document_event("create" if event == "created" else "status"),
                    "company_id": company.id,
                    "channel": channel,
                    "kind": "transactional",
                    "template_id": template.id,
                    "model": self._name,
                    "res_id": ticket.id,
                    "partner_id": partner.id,
                    # the closing notice may wait for the matter to settle (its rating request with it)
                    "planned_at": now + dt.timedelta(hours=company.incident_notify_closed_delay)
                    if event == "closed"
                    else now,
                }
            )
        if rows:
            self.env["messaging.outbox"].sudo()._enqueue(rows)
            # the outbox cron runs once the ticket is saved (or when the notice is due), not at its next tick
            self.env["messaging.outbox"]._wake_after_commit(min(row["planned_at"] for row in rows))

    def _incident_notify_reason_not_queued(self, partner, channel):
        if not partner:
            return self.env._("the ticket has no customer")
        if not channel:
            return self.env._("%(customer)s has neither an email address nor a mobile number", customer=partner.name)
        return self.env._("no template is set in Settings")

    def _incident_notify_event_label(self, event):
        return self.env._("Ticket created notice") if event == "created" else self.env._("Ticket closed notice")

    def _incident_notify_note_not_sent(self, event, reason):
        self.ensure_one()
        self.sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(notice)s not sent: %(reason)s.", notice=self._incident_notify_event_label(event), reason=reason
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    # --- the suite's sending path -------------------------------------------------------
    def _messaging_outbox_not_relevant(self, rows):
        """At send time: a closing notice of a ticket reopened since, or a notice
        unticked on the ticket since it was queued, is not sent."""
        result = super()._messaging_outbox_not_relevant(rows)
        tickets = {ticket.id: ticket for ticket in self}
        reopened, unticked, archived = rows.browse(), rows.browse(), rows.browse()
        for row in rows:
            ticket = tickets.get(row.res_id)
            if not ticket or row.source != SOURCE:
                continue
            event = row.event
            if ticket._messaging_is_cancelled():  # archived (spam, duplicate) since it was queued
                archived |= row
            elif not ticket[f"incident_notify_{event}"]:
                unticked |= row
            elif event == "closed" and not ticket._incident_notify_is_closed():
                reopened |= row
        if reopened:
            result[self.env._("the ticket was reopened")] = reopened
        if unticked:
            result[self.env._("the notice was unticked on the ticket")] = unticked
        if archived:
            result[self.env._("the ticket was archived")] = archived
        return result

    def _messaging_after_delivery(self, rows):
        """A ticket notice that is not sent says so in the ticket's chatter."""
        result = super()._messaging_after_delivery(rows)
        notices = rows.filtered(lambda r: r.source == SOURCE and r.state in ("skipped", "failed", "cancelled"))
        if not notices:
            return result
        labels = dict(notices._fields["reason"]._description_selection(self.env))
        tickets = {ticket.id: ticket for ticket in self.browse(notices.mapped("res_id")).exists()}
        for row in notices:
            if ticket := tickets.get(row.res_id):
                reason = row.error or labels.get(row.reason) or row.state
                ticket._incident_notify_note_not_sent(row.event, f"{reason} ({row.partner_id.display_name})")
        return result

    def _messaging_computed_tags(self):
        computed = super()._messaging_computed_tags()
        computed["OBSERVATIONS"] = compute_observations
        return computed

    def _messaging_template_tags(self):
        lang = self.env.lang or "en_US"
        tags = super()._messaging_template_tags()
        tags += [TemplateTag.offered(name, description, lang) for name, description, __ in TICKET_TAGS]
        tags.append(TemplateTag.offered(*OBSERVATIONS, lang))
        return tags

    def _messaging_template_values(self, partners):
        result = super()._messaging_template_values(partners)
        plain = self._messaging_plain_values([fname for __, ___, fname in TICKET_TAGS])
        for values, ticket, ticket_values in zip(result, self, plain, strict=True):
            for name, __, fname in TICKET_TAGS:
                values[name.lower()] = ticket_values[fname]
            description = ticket.description or ""
            values["incident_notify_observations_html"] = tools.html_sanitize(description) if description else ""
            values["incident_notify_observations_text"] = (
                tools.html2plaintext(description).strip() if description else ""
            )
        return result
