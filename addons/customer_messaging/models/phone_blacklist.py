from odoo import api, models


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    @api.model
    def _messaging_opt_out(self, numbers, message):
        """Blacklist E.164 ``numbers`` (an SMS "STOP", or the provider saying so)."""
        numbers = [n for n in numbers if n]
        active = self.search([("number", "in", numbers)]).mapped("number")
        todo = [n for n in numbers if n not in active]
        return self._add(todo, message=message) if todo else self.browse()

    @api.model
    def _messaging_opt_in(self, numbers, message):
        """Lift the blacklisting of E.164 ``numbers`` (an SMS "START")."""
        numbers = [n for n in numbers if n]
        blacklisted = self.search([("number", "in", numbers)])
        return self._remove(blacklisted.mapped("number"), message=message) if blacklisted else self.browse()

    @api.model
    def _messaging_process_inbound_keyword(self, number, keyword, provider):
        """Apply an inbound SMS keyword ("stop" / "start") from ``number``.

        :return: True when the blacklist changed.
        """
        if keyword not in ("stop", "start"):
            return False
        # the customers with this number: their SMS consent follows their reply, logged
        partners = self.env["res.partner"].search([("phone_sanitized", "=", number)])
        partners._messaging_set_consent("sms", keyword == "start", "sms_reply", note=keyword.upper())
        if keyword == "stop":
            message = self.env._("Replied STOP to an SMS (provider %(provider)s).", provider=provider.name)
            return bool(self._messaging_opt_out([number], message))
        message = self.env._("Replied START to an SMS (provider %(provider)s).", provider=provider.name)
        return bool(self._messaging_opt_in([number], message))
