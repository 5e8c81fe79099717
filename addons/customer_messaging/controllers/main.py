import logging

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.http import request

from messaging_core import gateways, phone
from messaging_core.errors import MessagingError

_logger = logging.getLogger(__name__)


class TwilioWebhookController(http.Controller):
    """Twilio's status callbacks and inbound messages.

    Every request must carry a valid ``X-Twilio-Signature`` made with the auth
    token of one of our Twilio providers: anything else gets 403 and changes
    nothing. Behind a TLS-terminating proxy Odoo sees ``http://`` while Twilio
    signed ``https://``: the URL rebuilt on ``web.base.url`` is checked as well.
    """

    def _messaging_verified_provider(self, sms_uuid=None):
        params = request.httprequest.form.to_dict()
        signature = request.httprequest.headers.get("X-Twilio-Signature", "")
        base_url = request.env["ir.config_parameter"].sudo().get_param("web.base.url")
        urls = list(gateways.candidate_urls(request.httprequest.url, base_url))
        provider = request.env["messaging.sms.provider"]._twilio_provider_for_request(
            urls, params, signature, sms_uuid=sms_uuid
        )
        if not provider:
            _logger.warning("Twilio webhook with a bad or missing signature from %s", request.httprequest.remote_addr)
            raise Forbidden()
        return provider, params

    @http.route(
        "/customer_messaging/sms/twilio/status/<string:uuid>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def twilio_status(self, uuid, **kwargs):
        provider, params = self._messaging_verified_provider(sms_uuid=uuid)
        try:
            report = provider._gateway().parse_status_callback(params)
        except MessagingError as error:
            raise BadRequest(str(error)) from error
        request.env["sms.sms"].sudo()._messaging_apply_delivery_report(uuid, report, provider)
        return request.make_response("", status=204)

    @http.route(
        "/customer_messaging/sms/twilio/inbound",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def twilio_inbound(self, **kwargs):
        provider, params = self._messaging_verified_provider()
        try:
            inbound = provider._gateway().parse_inbound(params)
        except MessagingError as error:
            raise BadRequest(str(error)) from error
        sender = phone.try_normalize(inbound.from_)  # "whatsapp:+..." and the like are not SMS numbers
        # once per SMS (a replayed webhook is left out): STOP / START, then the customer's history
        request.env["messaging.sms.inbound"].sudo()._messaging_receive(provider, inbound, sender)
        # an empty TwiML answer: no automatic reply from us
        return request.make_response(
            '<?xml version="1.0" encoding="UTF-8"?><Response/>', headers=[("Content-Type", "text/xml")]
        )
