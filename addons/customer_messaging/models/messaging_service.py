"""The one sending path (ARCHITECTURE §3).

``messaging.service`` is where every outbound customer message goes:

* ``_check_recipients``: addresses, opt-outs and consent, in batch;
* ``_send_direct``: a message a user writes now (the composer), posted on the
  document so it lands in the chatter and the customer's history;
* ``_deliver``: rows of ``messaging.outbox`` (bulk, delayed, automatic), checked
  again, counted against the company's limits, rendered and posted in batch.
"""

import datetime as dt
import logging
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, split_every

from messaging_core.errors import MessagingError
from messaging_core.templating import has_code

from ..tools.core_errors import translate_core_error
from ..tools.render_scope import RenderScope
from ..tools.schedule import opening_hours, sms_hours
from ..tools.sql_insert import insert_rows

_logger = logging.getLogger(__name__)

#: the advisory lock's first key while a customer's week is counted (the second: the customer)
CAP_LOCK = 0x636D6370  # "cmcp"
CAP_LOCK_BUCKETS = 256


class MessagingService(models.AbstractModel):
    _name = "messaging.service"
    _description = "Customer Messaging Sending Path"

    # --- recipients ---------------------------------------------------------------------
    # per channel: the address as typed, the address to send to, the opt-out list
    _ADDRESS = {
        "email": ("email", "email_normalized", "no_email", "invalid_email", "mail.blacklist", "email"),
        "sms": ("mobile", "messaging_mobile_e164", "no_mobile", "invalid_phone", "phone.blacklist", "number"),
    }

    @api.model
    def _check_recipients(self, partners, channel, kind, company=None):
        """``{partner id: (address, reason)}``: the address to use, or why not.

        ``kind`` is ``"manual"`` (a user writes to this customer: no consent needed),
        ``"transactional"`` (a service message: consent as ``company``'s policy says,
        ``messaging_service_consent``; the current company when not given) or
        ``"marketing"`` (consent always needed). Opt-outs (blacklist, STOP, unsubscribe,
        consent withdrawn) always win. One query for the blacklist of the whole batch,
        and one for the withdrawn consents when the policy asks.
        """
        typed, normalized, missing, invalid, blacklist, column = self._ADDRESS[channel]
        consent = f"messaging_accepts_{channel}"
        partners = partners.sudo()
        addresses = {partner.id: partner[normalized] or None for partner in partners}
        opted_out = set(
            self.env[blacklist].sudo().search([(column, "in", [a for a in addresses.values() if a])]).mapped(column)
        )
        policy = (company or self.env.company).messaging_service_consent if kind == "transactional" else "accepted"
        withdrawn = set()
        if policy == "not_opted_out":
            withdrawn = self._consent_withdrawn(partners.filtered(lambda p: not p[consent]), channel)
        result = {}
        for partner in partners:
            address = addresses[partner.id]
            if not partner[typed]:
                reason = missing
            elif not address:
                reason = invalid
            elif address in opted_out:
                reason = "blacklisted"
            elif kind == "manual" or partner[consent]:
                reason = None
            elif kind == "marketing":
                reason = "no_consent"
            elif policy == "accepted":
                reason = "no_service_consent"
            elif partner.id in withdrawn:
                reason = "opted_out"
            else:
                reason = None  # the company's policy: everyone who did not opt out
            result[partner.id] = (address, reason)
        return result

    @api.model
    def _consent_withdrawn(self, partners, channel):
        """Ids of ``partners`` whose latest consent change on ``channel`` refused it (a user
        unticked it, an unsubscribe link, a STOP reply): they opted out. A customer never
        asked has no change recorded."""
        if not partners:
            return set()
        self.env["messaging.consent.log"].flush_model(["partner_id", "channel", "accepted", "date"])
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id FROM (
                    SELECT DISTINCT ON (partner_id) partner_id, accepted
                      FROM messaging_consent_log
                     WHERE channel = %s AND partner_id = ANY(%s)
                  ORDER BY partner_id, date DESC, id DESC
                ) latest
                WHERE NOT COALESCE(accepted, false)
                """,
                channel,
                partners.ids,
            )
        )
        return {partner_id for (partner_id,) in self.env.cr.fetchall()}

    @api.model
    def _forecast(self, partners, channel, company, kind="marketing"):
        """What a send to ``partners`` would do: ``({reason: count}, sendable, over)``,
        ``over`` being how many sendable ones the company's limits leave out.
        Reads the partners 1,000 at a time, so memory stays bounded."""
        reasons = {}
        for chunk in split_every(1000, partners.ids):
            for __, reason in self._check_recipients(partners.browse(chunk), channel, kind, company).values():
                if reason:
                    reasons[reason] = reasons.get(reason, 0) + 1
            if len(partners) > 1000:
                partners.invalidate_model()
        sendable = len(partners) - sum(reasons.values())
        remaining = self.env["messaging.quota.usage"]._remaining(company, channel) if kind != "manual" else None
        over = max(0, sendable - remaining) if remaining is not None else 0
        return reasons, sendable, over

    @api.model
    def _reason_label(self, reason):
        return dict(self.env["messaging.outbox"]._fields["reason"]._description_selection(self.env)).get(reason, reason)

    # --- layout -------------------------------------------------------------------------
    @api.model
    def _frame(self, company, *, unsubscribe=False):
        """The company layout (colour, logo, address) around ``%CM_BODY%``, rendered once."""
        html = self.env["ir.qweb"]._render(
            "customer_messaging.message_frame",
            {
                "company": company,
                "body": Markup("<!--CM_BODY-->"),
                "unsubscribe": Markup("<!--CM_UNSUBSCRIBE-->") if unsubscribe else False,
                "base_url": company.get_base_url(),
            },
            minimal_qcontext=True,
        )
        return html

    @api.model
    def _full_email(self, body, *, unsubscribe_url=None, unsubscribe_html=""):
        """An email designed whole (no company layout around it), as the customer gets it:
        a marketing email ends with its unsubscribe link (``unsubscribe_html``, leading to
        ``unsubscribe_url``)."""
        if unsubscribe_html:
            return body + f'<p style="font-size:12px;text-align:center;">{unsubscribe_html}</p>'
        return body

    @api.model
    def _check_sms_numbers(self, partners, sms_numbers, kind, checks):
        """``{partner id: (number, reason)}`` for the partners given a number of their
        own in ``sms_numbers``: that number in E.164, or why not (invalid, opted out).
        Consent is the partner's, as ``checks`` found it, except for a missing or
        invalid stored mobile, which that number replaces."""
        result = {}
        for partner in partners.filtered(lambda p: p.id in sms_numbers):
            number = partner._phone_format(number=sms_numbers[partner.id], country=partner.country_id)
            __, reason = checks[partner.id]
            if reason in ("no_mobile", "invalid_phone"):
                reason = None
            if not number:
                reason = "invalid_phone"
            elif self.env["phone.blacklist"].sudo().search_count([("number", "=", number)], limit=1):
                reason = "blacklisted"
            result[partner.id] = (number or None, reason)
        return result

    # --- direct sends (composer) --------------------------------------------------------
    @api.model
    def _send_direct(
        self,
        record,
        partners,
        channel,
        *,
        subject="",
        body="",
        design="text",
        cc_partners=None,
        private=False,
        urgent=False,
        notify_followers=False,
        attachment_ids=None,
        kind="manual",
        sms_numbers=None,
    ):
        """Post one message written now on ``record`` to ``partners`` (+ ``cc_partners``).

        ``sms_numbers``: ``{partner id: number}`` to send an SMS to instead of the
        partner's mobile (an answer to the number an SMS came from); opt-outs of that
        number still apply.
        Returns ``{partner id: (state, reason)}`` with state ``sent`` or ``skipped``.
        Raises :class:`UserError` when nobody can receive it.
        """
        record = record.exists()
        if not record:
            raise UserError(self.env._("The document was deleted."))
        everyone = (partners | (cc_partners or self.env["res.partner"])).exists()
        checks = self._check_recipients(everyone, channel, kind, record._messaging_company())
        if channel == "sms" and sms_numbers:
            checks.update(self._check_sms_numbers(everyone, sms_numbers, kind, checks))
        results = {pid: ("sent" if reason is None else "skipped", reason) for pid, (__, reason) in checks.items()}
        reachable = everyone.filtered(lambda p: checks[p.id][1] is None)
        if not reachable:
            reasons = ", ".join(f"{p.display_name}: {self._reason_label(checks[p.id][1])}" for p in everyone)
            raise UserError(self.env._("Nobody can receive this message (%s).", reasons))
        if kind != "manual":
            company = record._messaging_company()
            allowance = self.env["messaging.quota.usage"]._reserve(company, channel, len(reachable))
            if not allowance.complete:
                raise UserError(self._quota_message(company, channel, len(reachable), allowance.granted))
        customer = partners[:1].commercial_partner_id or reachable[:1].commercial_partner_id
        message_values = {
            "messaging_customer_id": customer.id,
            "messaging_channel": channel,
            "messaging_urgent": urgent,
            "messaging_company_id": record._messaging_company().id,
        }
        # emails leave once the transaction commits, as Odoo's chatter sends them (a failure
        # stays in Odoo's mail queue, which retries it with the same Message-Id)
        ctx = {"messaging_urgent": urgent, "mail_create_nosubscribe": True}
        if channel == "sms":
            numbers = {pid: checks[pid][0] for pid in reachable.ids}
            thread = record if hasattr(record, "_message_sms") else customer
            ctx["messaging_message_values"] = {**message_values, "model": thread._name, "res_id": thread.id}
            message = thread.with_context(**ctx)._message_sms(
                body,
                partner_ids=reachable.ids,
                sms_pid_to_number=numbers,
                subtype_id=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                put_in_queue=False,
            )
            return results, message
        layout = "customer_messaging.message_notification_layout"
        if design == "html":
            layout = "customer_messaging.message_notification_raw"
            # the body is the template rendered from a sanitised source: Markup again after the links
            body = Markup(self._full_email(str(body or "")))  # noqa: S704
        post_values = {
            "body": body,
            "subject": subject,
            "partner_ids": reachable.ids,
            "email_layout_xmlid": layout,
            "attachment_ids": attachment_ids or [],
            "message_type": "comment",
        }
        private = private or not hasattr(record, "message_post")
        ctx["messaging_message_values"] = (
            message_values if private else {**message_values, "model": record._name, "res_id": record.id}
        )
        if private:
            message = (
                self.env["mail.thread"]
                .with_context(**ctx)
                .message_notify(
                    **{k: v for k, v in post_values.items() if k != "message_type"},
                    model=False,
                    res_id=False,
                )
            )
        else:
            subtype = "mail.mt_comment" if notify_followers else "customer_messaging.mt_customer_message"
            message = record.with_context(**ctx).message_post(**post_values, subtype_xmlid=subtype)
        return results, message

    @api.model
    def _check_designer(self, sources):
        """Refuse template code (Jinja2) from users who are not template designers:
        they write tags only, as Odoo keeps template code to its template editors
        (ARCHITECTURE §4)."""
        if any(has_code(source) for source in sources) and not (
            self.env.is_superuser() or self.env.user._messaging_is_template_designer()
        ):
            raise ValidationError(
                self.env._(
                    "Only template designers may write template code ({{ }}, {% %}); "
                    "use tags such as @CUSTOMERNAME@ instead."
                )
            )

    @api.model
    def _render_scope(self, mode, documents=()):
        """The :class:`RenderScope` of one render or of a batch of renders: computed tags
        receive it (the rating widget makes its tokens there); a preview when the
        context says ``messaging_preview``."""
        return RenderScope(self.env, mode, bool(self.env.context.get("messaging_preview")), list(documents))

    @api.model
    def _render_text(self, record, partner, source, mode, scope=None):
        """Render text written in the composer (tags, and code for template designers)
        about ``record`` for ``partner``; raises a translated :class:`UserError`."""
        if not source or ("@" not in source and "{" not in source):
            return source
        self._check_designer([source])
        try:
            return record._messaging_renderer().render(
                source,
                record._messaging_template_values(partner)[0],
                mode=mode,
                scope=scope or self._render_scope(mode, [(record._name, record.id, partner.id)]),
            )
        except MessagingError as error:
            raise UserError(translate_core_error(self.env, error)) from None

    @api.model
    def _quota_message(self, company, channel, wanted, fits):
        limit_day, limit_month = company._messaging_limits(channel)
        return self.env._(
            "%(company)s may send %(fits)s more %(channel)s now (limits: %(day)s a day, %(month)s a month), "
            "but this send needs %(wanted)s: %(over)s would go over the limit. "
            "Send to fewer customers, wait, or raise the limits in Settings.",
            company=company.name,
            fits=fits,
            channel=self.env._("emails") if channel == "email" else self.env._("SMS"),
            day=limit_day or "∞",
            month=limit_month or "∞",
            wanted=wanted,
            over=wanted - fits,
        )

    # --- outbox delivery ----------------------------------------------------------------
    @api.model
    def _deliver(self, rows):
        """Check, count, render and post claimed outbox rows (same transaction)."""
        groups = defaultdict(lambda: self.env["messaging.outbox"])
        for row in rows:
            groups[(row.company_id, row.channel, row.kind, row.template_id, row.bulk_id, row.model)] |= row
        for (company, channel, kind, template, bulk, model), group in groups.items():
            self._deliver_group(company, channel, kind, template, bulk, model, group)
        # each document model hears what became of its rows (sent, skipped, waiting...)
        by_model = defaultdict(lambda: self.env["messaging.outbox"])
        for row in rows:
            by_model[row.model] |= row
        for model, model_rows in by_model.items():
            if model in self.env:
                self.env[model]._messaging_after_delivery(model_rows)
        bulks = rows.bulk_id
        if bulks:
            bulks._refresh_state()

    def _deliver_group(self, company, channel, kind, template, bulk, model, rows):
        outbox_model = self.env["messaging.outbox"]
        if model not in self.env:
            rows._mark("skipped", "document_gone")
            return
        records = self.env[model].browse(rows.mapped("res_id"))
        existing = set(records.exists().ids)
        gone = rows.filtered(lambda r: r.res_id not in existing)
        gone._mark("skipped", "document_gone")
        rows -= gone
        # notification rules: does the document still match the rule that fired?
        ruled = rows.filtered("rule_id")
        if ruled:
            documents = self.env[model].browse(ruled.mapped("res_id"))
            for reason, bad in self.env["messaging.rule"]._not_relevant(documents, ruled).items():
                bad._mark("cancelled", "not_relevant", error=reason)
                rows -= bad
        rows = self._defer_to_open_hours(company, channel, rows)
        # still relevant? (invoice still unpaid, ticket still closed...: later modules say)
        not_relevant = self.env[model].browse(rows.mapped("res_id"))._messaging_outbox_not_relevant(rows)
        for reason, bad in not_relevant.items():
            bad._mark("cancelled", "not_relevant", error=reason)
            rows -= bad
        checks = self._check_recipients(rows.partner_id, channel, kind, company)
        skipped = defaultdict(lambda: outbox_model)
        for row in rows:
            reason = checks[row.partner_id.id][1]
            if reason:
                skipped[reason] |= row
        for reason, bad in skipped.items():
            bad._mark("skipped", reason)
            rows -= bad
        rows = self._apply_customer_cap(company, rows)
        if not rows:
            return
        allowance = self.env["messaging.quota.usage"]._reserve(company, channel, len(rows))
        if not allowance.complete:
            waiting = rows[allowance.granted :]
            rows = rows[: allowance.granted]
            later = self.env["messaging.quota.usage"]._next_window(company, allowance.limited_by)
            waiting._plan_again(later, "quota")
            if not rows:
                return
        # the person who started the send signs it (@USERNAME@, author), not the job's user
        sender = bulk.user_id or rows._sender()
        self = self.with_company(company).with_context(messaging_sender_id=sender.id or None)
        # one document and one recipient per row, in row order (a document may have several rows)
        records = self.env[model].with_company(company).browse([row.res_id for row in rows])
        values = records._messaging_template_values(self.env["res.partner"].browse([row.partner_id.id for row in rows]))
        # one scope for the batch: what computed tags make (rating tokens) is made for all rows at once
        scope = self._render_scope(
            "text" if channel == "sms" else "html", [(model, row.res_id, row.partner_id.id) for row in rows]
        )
        rendered = []
        for index, row in enumerate(rows):
            try:
                if template:
                    # one template, every language: the recipient's chooses the text
                    lang = row.partner_id._messaging_lang(company)
                    rendered.append(template._render_one(values[index], scope=scope, lang=lang))
                else:
                    rendered.append(bulk._render_one(records[index], values[index], scope=scope))
            except UserError as error:
                row._mark("failed", "render_error", error=str(error.args[0])[:500])
                rendered.append(None)
        if channel == "email":
            self._post_emails(company, kind, rows, rendered, author=sender.partner_id)
        else:
            self._post_sms(company, rows, records, rendered, {pid: address for pid, (address, __) in checks.items()})
        sent = sum(1 for item in rendered if item is not None)
        template._record_sent(sent)

    def _apply_customer_cap(self, company, rows):
        """Rows that fit in their customer's week; the others wait for it (or are skipped,
        as the company chose), with the reason.

        A customer receives at most ``messaging_customer_weekly_cap`` messages that count
        (``capped``: marketing, automatic) in 7 days, whichever feature planned them and
        whatever the channel. Two statements per batch, whatever its size: the customers
        of the batch are locked (two workers never count the same customer at once), then
        their week is counted."""
        cap = company.messaging_customer_weekly_cap
        capped = rows.filtered("capped")
        if cap <= 0 or not capped:
            return rows
        now = fields.Datetime.now()
        partner_ids = sorted(set(capped.partner_id.ids))
        # customers are locked by bucket: a transaction holds at most CAP_LOCK_BUCKETS
        # locks, however many batches it sends (PostgreSQL's lock table is small)
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(%s, bucket) FROM (SELECT DISTINCT mod(id, %s) AS bucket"
                " FROM unnest(%s::int[]) AS id ORDER BY 1) AS buckets",
                CAP_LOCK,
                CAP_LOCK_BUCKETS,
                partner_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, array_agg(sent_at ORDER BY sent_at) FROM messaging_outbox"
                " WHERE partner_id = ANY(%s) AND state = 'done' AND capped AND sent_at > %s GROUP BY partner_id",
                partner_ids,
                now - dt.timedelta(days=7),
            )
        )
        sent = {partner_id: list(times) for partner_id, times in self.env.cr.fetchall()}
        over = defaultdict(lambda: self.env["messaging.outbox"])
        for row in capped:
            times = sent.setdefault(row.partner_id.id, [])
            if len(times) < cap:
                times.append(now)  # sent in this batch: it counts for the next rows
                continue
            # a place frees up when the oldest message of the week is 7 days old
            over[times[len(times) - cap] + dt.timedelta(days=7)] |= row
        if not over:
            return rows
        waiting = self.env["messaging.outbox"].union(*over.values())
        if company.messaging_customer_cap_overflow == "skip":
            waiting._mark("skipped", "customer_cap")
        else:
            for when, group in over.items():
                group._plan_again(when, "customer_cap")
        return rows - waiting

    def _defer_to_open_hours(self, company, channel, rows):
        """Rows that may leave now; the others wait, still pending, for the next opening
        of their rule's working hours or of the recipient's SMS sending hours."""
        now = fields.Datetime.now()
        waiting = defaultdict(list)
        for row in rows:
            rule = row.rule_id
            if rule.working_hours:
                hours = opening_hours(rule.calendar_id or company.resource_calendar_id)
                when = hours.next_open(now) if hours else None
                if when and when > now:
                    waiting[(when, "working_hours")].append(row.id)
                    continue
            if channel == "sms":
                when = sms_hours(company, row.partner_id).next_open(now)
                if when and when > now:
                    waiting[(when, "sms_hours")].append(row.id)
        if not waiting:
            return rows
        for (when, reason), ids in waiting.items():
            rows.browse(ids)._plan_again(when, reason)
        return rows - rows.browse([row_id for ids in waiting.values() for row_id in ids])

    def _post_emails(self, company, kind, rows, rendered, author=None):
        frame = str(self._frame(company, unsubscribe=kind == "marketing"))
        raw = bool(rows.template_id and rows.template_id[0]._messaging_full_email())
        base_url = company.get_base_url()
        email_from = company.email_formatted or self.env.user.email_formatted
        author = (author or self.env.user.partner_id).id
        tokens = {}
        if kind == "marketing":
            tokens = dict(rows.sudo().mapped(lambda r: (r.id, r.token)))
        mail_values = []
        posted = []
        unsubscribe_labels = {}
        now = fields.Datetime.now()
        # where replies go (the document's thread, so they reach the history): once per batch
        reply_to = {}
        by_model = defaultdict(list)
        for row in rows:
            by_model[row.model].append(row.res_id)
        for model, res_ids in by_model.items():
            reply_to.update(
                {
                    (model, res_id): value
                    for res_id, value in self.env[model]
                    .browse(res_ids)
                    ._notify_get_reply_to(default=email_from)
                    .items()
                }
            )
        for row, item in zip(rows, rendered, strict=True):
            if item is None:
                continue
            subject, inner = item
            headers = {}
            body = str(inner)
            unsubscribe_html = ""
            url = None
            if kind == "marketing":
                url = f"{base_url}/customer_messaging/unsubscribe/{tokens[row.id]}"
                headers["List-Unsubscribe"] = f"<{url}>"
                headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
                lang = row.partner_id.lang or self.env.lang
                if lang not in unsubscribe_labels:  # in the recipient's language
                    unsubscribe_labels[lang] = self.with_context(lang=lang).env._("Unsubscribe")
                unsubscribe_html = str(
                    Markup('<a href="%s" style="color:#6c757d;">%s</a>') % (url, unsubscribe_labels[lang])
                )
            if raw:
                full = self._full_email(body, unsubscribe_url=url, unsubscribe_html=unsubscribe_html)
            else:
                full = frame.replace("<!--CM_BODY-->", body).replace("<!--CM_UNSUBSCRIBE-->", unsubscribe_html)
            mail_values.append(
                {
                    "model": row.model,
                    "res_id": row.res_id,
                    "subject": subject,
                    "body": inner,
                    "body_html": full,
                    "reply_to": reply_to.get((row.model, row.res_id)) or email_from,
                    "headers": repr(headers) if headers else None,
                    "partner_id": row.partner_id.id,
                    "customer_id": row.partner_id.commercial_partner_id.id,
                }
            )
            posted.append(row)
        if not mail_values:
            return
        uses_code = rows.template_id._uses_code() if rows.template_id else rows.bulk_id[:1]._uses_code()
        message_ids = self._insert_emails(
            mail_values, company=company, email_from=email_from, author_id=author, sanitize=uses_code
        )
        self.env["messaging.outbox"].union(*posted)._mark_done(message_ids, now)

    def _insert_emails(self, mail_values, *, company, email_from, author_id, sanitize):
        """Write the messages, their emails and notifications in four statements.

        ``mail_values``: one dict per email (model, res_id, subject, body, body_html,
        reply_to, headers, partner_id: the recipient, customer_id: its commercial
        entity); returns the new message ids, in order.

        Bulk sends are where the cost per recipient matters: creating ``mail.mail``
        through the ORM costs about 1 ms a recipient (defaults, sanitising, cache),
        more than everything else in the path. The rows written here are exactly
        those the ORM writes for a ``mail.mail`` of an existing message (same
        columns, same defaults), and Odoo's own mail queue sends them.

        Bodies rendered from tag-only templates are safe by construction (a
        sanitised source, escaped values); bodies whose template has Jinja code
        are sanitised like any HTML field (``sanitize``).
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        uid = self.env.uid
        cr = self.env.cr
        records = defaultdict(list)
        for vals in mail_values:
            records[vals["model"]].append(vals["res_id"])
        names = {}
        for model, ids in records.items():
            names.update({(model, record.id): record.display_name for record in self.env[model].browse(ids)})
        message_rows = []
        for vals in mail_values:
            body = tools.html_sanitize(vals["body"]) if sanitize else vals["body"]
            message_rows.append(
                (
                    author_id, str(body), "email", company.id, vals["customer_id"],
                    now, uid, now.replace(microsecond=0), True, email_from,
                    tools.mail.generate_tracking_message_id(f"{vals['res_id']}-{vals['model']}"),
                    "email_outgoing", vals["model"], company.id,
                    names.get((vals["model"], vals["res_id"])), vals["reply_to"], vals["res_id"], vals["subject"],
                    now, uid,
                )
            )  # fmt: skip
        message_ids = insert_rows(
            cr,
            "mail_message",
            [
                "author_id", "body", "messaging_channel", "messaging_company_id", "messaging_customer_id",
                "create_date", "create_uid", "date", "email_add_signature", "email_from", "message_id", "message_type",
                "model", "record_company_id", "record_name", "reply_to", "res_id", "subject", "write_date", "write_uid",
            ],
            message_rows,
        )  # fmt: skip
        mail_ids = insert_rows(
            cr,
            "mail_mail",
            [
                "auto_delete", "body_html", "create_date", "create_uid", "headers", "is_notification",
                "mail_message_id", "state", "write_date", "write_uid",
            ],
            [
                (True, vals["body_html"], now, uid, vals["headers"], True, message_id, "outgoing", now, uid)
                for vals, message_id in zip(mail_values, message_ids, strict=True)
            ],
        )  # fmt: skip
        partners = [vals["partner_id"] for vals in mail_values]
        insert_rows(
            cr,
            "mail_mail_res_partner_rel",
            ["mail_mail_id", "res_partner_id"],
            list(zip(mail_ids, partners, strict=True)),
            suffix=SQL("ON CONFLICT DO NOTHING"),
            returning=None,
        )
        insert_rows(
            cr,
            "mail_notification",
            [
                "author_id", "is_read", "mail_mail_id", "mail_message_id", "notification_status",
                "notification_type", "read_date", "res_partner_id",
            ],
            [
                (author_id, True, mail_id, message_id, "ready", "email", now.replace(microsecond=0), partner)
                for mail_id, message_id, partner in zip(mail_ids, message_ids, partners, strict=True)
            ],
            returning=None,
        )  # fmt: skip
        for model in ("mail.message", "mail.mail", "mail.notification"):
            self.env[model].invalidate_model()
        # the mail queue runs once this transaction commits, not at its next hourly run
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        self.env["res.partner"].invalidate_model(["messaging_email_history_ids", "messaging_sms_history_ids"])
        return message_ids

    def _post_sms(self, company, rows, records, rendered, addresses):
        now = fields.Datetime.now()
        posted, message_ids = [], []
        for row, record, item in zip(rows, records, rendered, strict=True):
            if item is None:
                continue
            text = item[1]
            thread = record if hasattr(record, "_message_sms") else row.partner_id
            message = thread.with_context(
                messaging_message_values={
                    "model": thread._name,
                    "res_id": thread.id,
                    "messaging_customer_id": row.partner_id.commercial_partner_id.id,
                    "messaging_channel": "sms",
                    "messaging_company_id": company.id,
                },
                mail_create_nosubscribe=True,
            )._message_sms(
                text,
                partner_ids=row.partner_id.ids,
                sms_pid_to_number={row.partner_id.id: addresses[row.partner_id.id]},
                put_in_queue=True,
            )
            posted.append(row)
            message_ids.append(message.id)
        self.env["messaging.outbox"].union(*posted)._mark_done(message_ids, now)
        if posted:  # Odoo's SMS queue runs once this transaction commits, not at its next run
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
