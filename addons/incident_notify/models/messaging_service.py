from collections import defaultdict

from odoo import api, models

from .helpdesk_ticket import DEDUPE_PREFIX


class MessagingService(models.AbstractModel):
    _inherit = "messaging.service"

    @api.model
    def _cm_deliver(self, rows):
        """A ticket notice that is not sent says so in the ticket's chatter."""
        result = super()._cm_deliver(rows)
        notices = rows.filtered(
            lambda r: (
                r.model == "helpdesk.ticket"
                and r.dedupe_key.startswith(DEDUPE_PREFIX)
                and r.state in ("skipped", "failed", "cancelled")
            )
        )
        if notices:
            labels = dict(notices._fields["reason"]._description_selection(self.env))
            by_ticket = defaultdict(list)
            for row in notices:
                by_ticket[row.res_id].append(row)
            tickets = self.env["helpdesk.ticket"].browse(list(by_ticket)).exists()
            for ticket in tickets:
                for row in by_ticket[ticket.id]:
                    event = row.dedupe_key[len(DEDUPE_PREFIX) :].split(":", 1)[0]
                    reason = row.error or labels.get(row.reason) or row.state
                    ticket._in_note_not_sent(event, f"{reason} ({row.partner_id.display_name})")
        return result
