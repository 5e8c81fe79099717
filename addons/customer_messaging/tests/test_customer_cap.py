import datetime as dt

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MessagingCase

NOW = dt.datetime(2026, 3, 4, 10, 0)


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestCustomerCap(MessagingCase):
    """At most N marketing and automatic messages per customer per week."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"messaging_email_daily_limit": 0, "messaging_email_monthly_limit": 0, "messaging_customer_weekly_cap": 2}
        )
        cls.outbox = cls.env["messaging.outbox"]

    def _plan(self, source, *, capped=None, kind="transactional", event=None, partner=None, channel="email"):
        row = {
            "source": source,
            "event": event or source,
            "company_id": self.company.id,
            "channel": channel,
            "kind": kind,
            "template_id": (self.template if channel == "email" else self.sms_template).id,
            "model": "res.partner",
            "res_id": (partner or self.customer).id,
            "partner_id": (partner or self.customer).id,
        }
        if capped is not None:
            row["capped"] = capped
        return self.outbox.browse(self.outbox._enqueue([row]))

    def _sent_earlier(self, *days_ago):
        """Capped messages the customer received ``days_ago`` days before now."""
        for index, days in enumerate(days_ago):
            with freeze_time(NOW - dt.timedelta(days=days)):
                self._plan("bulk", kind="marketing", event=f"earlier-{index}")
                self.outbox._dispatch(auto_commit=False)

    def test_a_message_over_the_cap_waits_for_the_customers_week(self):
        self._sent_earlier(6, 2)
        row = self._plan("bulk", kind="marketing", event="spring")
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual((row.state, row.reason), ("pending", "customer_cap"), "it waits, with the reason")
        self.assertEqual(row.planned_at, NOW + dt.timedelta(days=1), "when the message of 6 days ago is 7 days old")
        with freeze_time(NOW + dt.timedelta(days=1, minutes=1)):
            self.outbox._dispatch(auto_commit=False)
        self.assertEqual(row.state, "done")

    def test_the_company_may_skip_what_is_over_the_cap(self):
        self.company.messaging_customer_cap_overflow = "skip"
        self._sent_earlier(3, 1)
        row = self._plan("bulk", kind="marketing", event="spring")
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual((row.state, row.reason), ("skipped", "customer_cap"))
        self.assertEqual(row._fields["reason"].convert_to_export(row.reason, row), "Over the customer's weekly cap")

    def test_rules_and_a_bulk_on_the_same_day_do_not_flood_the_customer(self):
        rows = (
            self._plan("bulk", kind="marketing", event="spring")
            | self._plan("rule", capped=True, event="rule-1")
            | self._plan("rule", capped=True, event="rule-2", channel="sms")
        )
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual(sorted(rows.mapped("state")), ["done", "done", "pending"], "two a week, emails and SMS")
        self.assertEqual(rows.filtered(lambda r: r.state == "pending").reason, "customer_cap")
        self.assertEqual(
            rows.filtered(lambda r: r.state == "pending").planned_at, NOW + dt.timedelta(days=7), "a week after today's"
        )

    def test_service_messages_are_not_counted_and_never_held(self):
        self._sent_earlier(1, 1)
        reminder = self._plan("reminder")  # a payment reminder, a ticket notice: not capped
        self.assertFalse(reminder.capped)
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual(reminder.state, "done")

    def test_the_cap_is_per_customer(self):
        self._sent_earlier(1, 1)
        someone = self.env["res.partner"].create(
            {"name": "Odile", "email": "odile@example.com", "messaging_accepts_email": True}
        )
        other = self._plan("bulk", kind="marketing", event="spring", partner=someone)
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual(other.state, "done")

    def test_no_cap_when_the_setting_is_zero(self):
        self.company.messaging_customer_weekly_cap = 0
        self._sent_earlier(1, 1, 1)
        row = self._plan("bulk", kind="marketing", event="spring")
        self.outbox._dispatch(auto_commit=False)
        self.assertEqual(row.state, "done")

    def test_the_cap_is_read_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        settings.messaging_customer_weekly_cap = 5
        settings.messaging_customer_cap_overflow = "skip"
        settings.execute()
        self.assertEqual(
            (self.company.messaging_customer_weekly_cap, self.company.messaging_customer_cap_overflow), (5, "skip")
        )
