import datetime as dt

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase

D = dt.datetime


@tagged("post_install", "-at_install")
class RuleCase(MessagingCase):
    """Notification rules on sale orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Europe/Paris"
        cls.company.resource_calendar_id.tz = "Europe/Paris"
        cls.company.write({"messaging_email_daily_limit": 0, "messaging_sms_daily_limit": 0})
        cls.Rule = cls.env["messaging.rule"]
        cls.Rule.search([]).active = False  # the demo rules, when demo data is loaded
        cls.order_model = cls.env["ir.model"]._get("sale.order")
        cls.email_template = cls.env["messaging.template"].create(
            {
                "name": "Order news",
                "channel": "email",
                "model_id": cls.order_model.id,
                "subject": "Your order @DOCUMENTREF@",
                "body_html": "<p>Hello @CUSTOMERNAME@, news about @DOCUMENTREF@.</p>",
            }
        )

    def _rule(self, **values):
        values = {
            "model_id": self.order_model.id,
            "channel": "email",
            "template_id": self.email_template.id,
            **values,
        }
        if values["channel"] == "sms" and values["template_id"] == self.email_template.id:
            values["template_id"] = self.sms_template.id
        return self.Rule.create(values)

    def _state_value(self, value):
        return self.env["ir.model.fields.selection"].search(
            [("field_id.model", "=", "sale.order"), ("field_id.name", "=", "state"), ("value", "=", value)]
        )

    def _order(self, partner=None, **values):
        return self.env["sale.order"].create({"partner_id": (partner or self.customer).id, **values})

    def _rows(self, order, rule=None):
        domain = [("model", "=", "sale.order"), ("res_id", "=", order.id), ("rule_id", "!=", False)]
        if rule:
            domain.append(("rule_id", "=", rule.id))
        return self.env["messaging.outbox"].search(domain, order="id")

    def _dispatch(self):
        return self.env["messaging.outbox"]._dispatch(auto_commit=False)

    def _emails_on(self, order):
        return order.message_ids.filtered(lambda m: m.message_type == "email_outgoing")


class TestRuleTriggers(RuleCase):
    def test_created(self):
        rule = self._rule(trigger="create")
        order = self._order()
        row = self._rows(order)
        self.assertEqual(
            (row.rule_id, row.state, row.partner_id, row.channel), (rule, "pending", self.customer, "email")
        )
        self._dispatch()
        self.assertEqual(row.state, "done")
        email = self._emails_on(order)
        self.assertEqual(len(email), 1, "the notification is in the order's chatter")
        self.assertIn(order.name, email.subject)
        self.assertEqual(row.message_id, email)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", email.id)])
        self.assertEqual(mail.recipient_ids, self.customer, "it goes to the order's customer")

    def test_rule_messages_count_in_the_weekly_cap_unless_marked_as_service(self):
        automatic = self._rule(trigger="create")
        service = self._rule(trigger="create", cap_exempt=True, channel="sms")
        order = self._order()
        self.assertTrue(self._rows(order, automatic).capped)
        self.assertFalse(self._rows(order, service).capped, "an order confirmation the customer needs")

    def test_the_outbox_cron_is_woken_after_the_commit(self):
        self._rule(trigger="create")
        cron = self.env.ref("customer_messaging.ir_cron_messaging_outbox")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self._order()
        self.assertFalse(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers, "not in the write")
        # what the commit of the user's transaction does (its new cursor: this test's)
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.env.cr.postcommit.run()
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers)

    def test_a_messaging_user_reads_the_rules_list(self):
        self._rule(trigger="status_to", status_selection_id=self._state_value("sale").id, name="Order confirmed")
        commitment = self.env["ir.model.fields"]._get("sale.order", "commitment_date")
        self._rule(trigger="date", date_field_id=commitment.id, name="Delivery date moved")
        self._rule(rule_type="reminder", date_field_id=commitment.id, amount=1, unit="days", name="Delivery tomorrow")
        # what the list shows: the name and "when", which names the status chosen (read as
        # the user reads it, nothing left in the cache by the administrator who wrote the rule)
        self.env.invalidate_all()
        rows = self.Rule.with_user(self.user).search_read(
            [("name", "in", ["Order confirmed", "Delivery date moved", "Delivery tomorrow"])], ["name", "description"]
        )
        descriptions = {row["name"]: row["description"] for row in rows}
        self.assertIn("Sales Order", descriptions["Order confirmed"])
        self.assertIn("Delivery Date", descriptions["Delivery date moved"])
        self.assertIn("before Delivery Date", descriptions["Delivery tomorrow"])

    def test_status_changed_to(self):
        rule = self._rule(trigger="status_to", status_selection_id=self._state_value("sale").id)
        order = self._order()
        order.action_quotation_sent()
        self.assertFalse(self._rows(order), "another status fires nothing")
        order.action_confirm()
        self.assertEqual(len(self._rows(order, rule)), 1)
        order.write({"state": "sale"})
        self.assertEqual(len(self._rows(order, rule)), 1, "the same status again is not a change")
        self._dispatch()
        self.assertEqual(self._rows(order).state, "done")

    def test_any_status_change(self):
        rule = self._rule(trigger="status")
        order = self._order()
        order.action_quotation_sent()
        order.action_confirm()
        rows = self._rows(order, rule)
        self.assertEqual(rows.mapped("expected"), ["sent", "sale"])
        self._dispatch()
        self.assertEqual(rows.mapped("state"), ["cancelled", "done"], "the first one is out of date when it leaves")
        self.assertEqual(rows[0].error, "Its status moved on since.")

    def test_scheduled_date_changed(self):
        rule = self._rule(
            trigger="date", date_field_id=self.env["ir.model.fields"]._get("sale.order", "commitment_date").id
        )
        order = self._order()
        self.assertFalse(self._rows(order))
        order.commitment_date = D(2030, 4, 7, 11, 0)
        order.commitment_date = D(2030, 4, 8, 12, 0)
        rows = self._rows(order, rule)
        self.assertEqual(len(rows), 2)
        self._dispatch()
        self.assertEqual(rows.mapped("state"), ["cancelled", "done"], "only the latest date is announced")

    def test_other_company_rules_do_not_fire(self):
        other = self.env["res.company"].create({"name": "Other shop"})
        self._rule(trigger="create", company_id=other.id, template_id=self.email_template.id)
        self.assertFalse(self._rows(self._order()))

    def test_cancelled_document_is_not_notified_late(self):
        self._rule(
            trigger="status_to", status_selection_id=self._state_value("sale").id, delay=True, amount=1, unit="hours"
        )
        order = self._order()
        with freeze_time("2030-01-07 10:00:00"):
            order.action_confirm()
            order._action_cancel()
        with freeze_time("2030-01-07 11:30:00"):
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.state, row.error), ("cancelled", "The document was cancelled."))
        self.assertFalse(self._emails_on(order))

    def test_rule_switched_off_cancels_its_pending_messages(self):
        rule = self._rule(trigger="create", delay=True, amount=2, unit="hours")
        order = self._order()
        rule.active = False
        self.assertEqual(self._rows(order).state, "cancelled")
        self.assertFalse(self._rows(self._order()), "an archived rule fires nothing")

    def test_consent_and_bad_addresses_are_recorded_and_do_not_stop_the_batch(self):
        self._rule(trigger="create")
        bad = self.env["res.partner"].create(
            {"name": "Bad", "email": "not-an-address", "messaging_accepts_email": True}
        )
        orders = self._order(self.no_consent) | self._order(bad) | self._order()
        self._dispatch()
        rows = self._rows(orders[0]) | self._rows(orders[1]) | self._rows(orders[2])
        self.assertEqual(
            [(row.state, row.reason) for row in rows],
            [("skipped", "no_service_consent"), ("skipped", "invalid_email"), ("done", False)],
        )

    def test_rules_only_on_documents_with_a_customer(self):
        self.assertIn("sale.order", self.Rule._rule_models())
        self.assertNotIn("res.partner", self.Rule._rule_models())
        self.assertNotIn("mail.activity", self.Rule._rule_models())
        with self.assertRaises(ValidationError):
            self._rule(trigger="status_to")  # no status chosen
        with self.assertRaises(ValidationError):  # an email template for an SMS rule
            self.Rule.create({"model_id": self.order_model.id, "channel": "sms", "template_id": self.email_template.id})


class TestRuleTiming(RuleCase):
    def test_delay(self):
        self._rule(trigger="create", delay=True, amount=2, unit="hours")
        with freeze_time("2030-01-07 10:00:00"):
            order = self._order()
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.planned_at, row.state), (D(2030, 1, 7, 12, 0), "pending"))
        with freeze_time("2030-01-07 12:00:01"):
            self._dispatch()
        self.assertEqual(row.state, "done")

    def test_delay_in_days_across_a_dst_switch(self):
        # Paris goes to summer time on 2026-03-29: one day after 10:00 CET is 10:00 CEST
        self._rule(trigger="create", delay=True, amount=1, unit="days")
        with freeze_time("2026-03-28 09:00:00"):
            order = self._order()
        self.assertEqual(self._rows(order).planned_at, D(2026, 3, 29, 8, 0))

    def test_working_hours_in_a_zone_far_from_utc(self):
        tokyo = self.env["resource.calendar"].create(
            {
                "name": "Tokyo shop",
                "tz": "Asia/Tokyo",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                            "day_period": "morning",
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        self._rule(trigger="create", working_hours=True, calendar_id=tokyo.id)
        # Friday 2026-11-27 10:00 UTC is 19:00 in Tokyo: Monday 09:00 Tokyo = Monday 00:00 UTC
        with freeze_time("2026-11-27 10:00:00"):
            order = self._order()
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.planned_at, row.state), (D(2026, 11, 30, 0, 0), "pending"))
        with freeze_time("2026-11-30 00:00:30"):
            self._dispatch()
        self.assertEqual(row.state, "done")

    def test_working_hours_checked_again_at_send_time(self):
        rule = self._rule(trigger="create")
        with freeze_time("2026-11-23 09:00:00"):  # Monday 10:00 in Paris
            order = self._order()
        rule.working_hours = True  # the company's calendar: Mon-Fri 08:00-17:00 Paris
        with freeze_time("2026-11-23 19:00:00"):  # 20:00 in Paris: closed
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.state, row.reason, row.planned_at), ("pending", "working_hours", D(2026, 11, 24, 7, 0)))

    def test_sms_waits_for_the_recipients_morning(self):
        self.company.write({"messaging_sms_hours_start": 8.0, "messaging_sms_hours_end": 21.0})
        self._rule(trigger="create", channel="sms")
        # 21:30 UTC is 22:30 in Paris, the customer's number's zone: 08:00 Paris = 07:00 UTC
        with freeze_time("2026-11-23 21:30:00"):
            order = self._order()
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.state, row.planned_at), ("pending", D(2026, 11, 24, 7, 0)))
        self.assertFalse(self._sandbox_messages())
        self.company.messaging_sms_hours_end = 23.0
        with freeze_time("2026-11-24 07:00:01"):
            self._dispatch()
            self._run_sms_queue()
        self.assertEqual(row.state, "done")
        self.assertEqual(len(self._sandbox_messages()), 1)

    def test_sms_hours_at_send_time_follow_the_recipient(self):
        self.company.write({"messaging_sms_hours_start": 8.0, "messaging_sms_hours_end": 21.0})
        self._rule(trigger="create", channel="sms")
        self.customer.tz = "America/New_York"
        with freeze_time("2026-11-23 15:00:00"):  # 10:00 in New York, fine
            order = self._order()
        self.customer.tz = "Asia/Tokyo"  # moved: 00:00 in Tokyo when it leaves
        with freeze_time("2026-11-23 15:00:00"):
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.state, row.reason, row.planned_at), ("pending", "sms_hours", D(2026, 11, 23, 23, 0)))


class TestReminders(RuleCase):
    def setUp(self):
        super().setUp()
        self.reminder = self._rule(
            rule_type="reminder",
            date_field_id=self.env["ir.model.fields"]._get("sale.order", "commitment_date").id,
            amount=1,
            unit="days",
        )

    def test_planned_before_the_date_and_sent(self):
        with freeze_time("2030-04-01 08:00:00"):
            order = self._order(commitment_date=D(2030, 4, 7, 11, 0))
        row = self._rows(order)
        self.assertEqual((row.planned_at, row.expected), (D(2030, 4, 6, 11, 0), "2030-04-07 11:00:00"))
        with freeze_time("2030-04-06 11:00:01"):
            self._dispatch()
        self.assertEqual(row.state, "done")

    def test_moved_cleared_and_back(self):
        with freeze_time("2030-04-01 08:00:00"):
            order = self._order(commitment_date=D(2030, 4, 7, 11, 0))
            first = self._rows(order)
            order.commitment_date = D(2030, 4, 8, 14, 0)
            second = self._rows(order) - first
            self.assertEqual((first.state, first.error), ("cancelled", "The date moved."))
            self.assertEqual((second.state, second.planned_at), ("pending", D(2030, 4, 7, 14, 0)))
            order.commitment_date = False
            self.assertEqual((second.state, second.error), ("cancelled", "The date was cleared."))
            order.commitment_date = D(2030, 4, 7, 11, 0)
            self.assertEqual(self._rows(order), first | second, "back to the first date: its reminder returns")
            self.assertEqual((first.state, first.planned_at), ("pending", D(2030, 4, 6, 11, 0)))

    def test_cancelled_with_the_document(self):
        with freeze_time("2030-04-01 08:00:00"):
            order = self._order(commitment_date=D(2030, 4, 7, 11, 0))
            order._action_cancel()
        row = self._rows(order)
        self.assertEqual((row.state, row.error), ("cancelled", "The document was cancelled."))

    def test_date_already_past_plans_nothing_and_late_reminders_leave_at_once(self):
        with freeze_time("2030-04-07 10:00:00"):
            late = self._order(commitment_date=D(2030, 4, 7, 11, 0))
            past = self._order(commitment_date=D(2030, 4, 1, 11, 0))
        self.assertEqual(self._rows(late).planned_at, D(2030, 4, 7, 10, 0), "an hour before: sent now")
        self.assertFalse(self._rows(past))

    def test_reminder_of_a_date_that_passed_meanwhile_is_cancelled(self):
        with freeze_time("2030-04-01 08:00:00"):
            order = self._order(commitment_date=D(2030, 4, 7, 11, 0))
        with freeze_time("2030-04-08 08:00:00"):  # the cron was down for days
            self._dispatch()
        row = self._rows(order)
        self.assertEqual((row.state, row.error), ("cancelled", "The date has passed."))


class TestRuleCost(RuleCase):
    def _write_queries(self, order, vals):
        order.invalidate_recordset()
        order.read(list(vals))  # as a form does: the record is in cache when it is saved
        self.Rule._rule_specs()  # the rules are cached once per worker, not per write
        order.company_id.resource_calendar_id.read()  # the company's hours, as a worker has them
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        order.write(vals)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_no_extra_query_when_no_rule_watches(self):
        order, twin = self._order(), self._order()
        baseline = self._write_queries(order, {"note": "<p>a</p>"})
        self._rule(trigger="status_to", status_selection_id=self._state_value("sale").id)
        self.assertEqual(self._write_queries(twin, {"note": "<p>b</p>"}), baseline, "an unwatched field costs nothing")

    def test_one_insert_when_a_rule_fires(self):
        order, twin = self._order(), self._order()
        baseline = self._write_queries(order, {"client_order_ref": "A", "state": "sent"})
        for value in ("sale", "cancel", "draft"):
            self._rule(trigger="status_to", status_selection_id=self._state_value(value).id)
        rule = self._rule(trigger="status_to", status_selection_id=self._state_value("sent").id)
        self.assertEqual(self._write_queries(twin, {"client_order_ref": "A", "state": "sent"}), baseline + 1)
        self.assertEqual(self._rows(twin).rule_id, rule)


class TestRuleScreens(RuleCase):
    def test_chatter_shows_planned_and_sent_notifications(self):
        self._rule(trigger="create", delay=True, amount=1, unit="days")
        self._rule(trigger="create", name="At once")
        order = self._order()
        self._dispatch()
        store = order.with_user(self.user)._messaging_store_notifications()
        self.assertEqual(sorted(item["state"] for item in store), ["done", "pending"])
        pending = next(item for item in store if item["state"] == "pending")
        self.assertTrue(pending["plannedAt"])
        self.assertFalse(pending["canCancel"], "a Messaging user sees them; managers cancel them")

    def test_the_name_a_user_typed_is_kept(self):
        with Form(self.Rule) as form:
            form.name = "Confirmation de commande"
            form.model_id = self.order_model
            form.trigger = "status_to"
            form.status_selection_id = self._state_value("sale")
            form.channel = "sms"
            form.template_id = self.sms_template
        rule = form.save()
        self.assertEqual(rule.name, "Confirmation de commande", "choosing the document type or channel keeps it")
        rule.write({"channel": "email", "template_id": self.email_template.id})
        self.assertEqual(rule.name, "Confirmation de commande")
        over_rpc = self._rule(trigger="create", name="Bienvenue")
        over_rpc.write({"channel": "sms", "template_id": self.sms_template.id})
        self.assertEqual(over_rpc.name, "Bienvenue", "named over RPC: kept too")

    def test_an_identical_rule_is_refused(self):
        first = self._rule(trigger="create", name="Thanks")
        with self.assertRaisesRegex(ValidationError, "already sends this message"), self.env.cr.savepoint():
            self._rule(trigger="create", name="Thanks again")
        first.active = False
        self._rule(trigger="create", name="Thanks again")  # the first one is off: no customer hears twice
        other = self.env["res.company"].create({"name": "Second shop"})
        self._rule(trigger="create", company_id=other.id)  # another company's documents

    def test_form_and_bulk_actions(self):
        with Form(self.Rule) as form:
            form.model_id = self.order_model
            form.trigger = "status_to"
            form.status_selection_id = self._state_value("sale")
            form.channel = "email"
            form.template_id = self.email_template
        rule = form.save()
        self.assertEqual(rule.name, "Sales Order: Status changed to Sales Order → Email")
        other = self.env["res.company"].create({"name": "Second shop"})
        self.env.user.company_ids |= other
        rule.action_copy_to_all_companies()
        rule.action_copy_to_all_companies()
        copies = self.Rule.search([("company_id", "=", other.id)])
        self.assertEqual(len(copies), 1, "copied once, however often it is asked")
        sms_template = self.sms_template
        edit = self.env["messaging.rule.edit"].with_context(
            active_model="messaging.rule", active_ids=(rule | copies).ids
        )
        edit.create({"channel": "sms", "template_id": sms_template.id}).action_apply()
        self.assertEqual(set((rule | copies).mapped("channel")), {"sms"})
        pending = self._order()
        self.assertFalse(self._rows(pending))
        (rule | copies).unlink()
        self.assertFalse(self.Rule.search([("company_id", "=", other.id)]))
