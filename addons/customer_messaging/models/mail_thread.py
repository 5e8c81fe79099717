from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _notify_by_email_get_headers(self, headers=None):
        """Urgent customer messages are marked high priority for mail programs."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        if self.env.context.get("messaging_urgent"):
            headers.update({"X-Priority": "1", "Importance": "High"})
        return headers

    def _thread_to_store(self, store, /, *, fields=None, request_list=None):
        """The chatter also shows this document's automatic notifications (planned,
        sent, skipped and why): loaded with the scheduled messages, one query."""
        super()._thread_to_store(store, fields=fields, request_list=request_list)
        if not request_list or "scheduledMessages" not in request_list:
            return
        for thread in self:
            store.add(thread, {"cmNotifications": thread._messaging_store_notifications()}, as_thread=True)

    def _messaging_store_notifications(self):
        """The latest automatic notifications of this document, for the chatter panel
        (none for users who may not read the outbox)."""
        self.ensure_one()
        Outbox = self.env["messaging.outbox"]  # noqa: N806
        if not Outbox.has_access("read"):
            return []
        rows = Outbox.search(
            [("model", "=", self._name), ("res_id", "=", self.id), ("rule_id", "!=", False)],
            order="planned_at desc, id desc",
            limit=20,
        )
        return rows._chatter_values()
