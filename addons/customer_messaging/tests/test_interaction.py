from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SmtpSink, send_mail_queue
from .interaction_common import InteractionCase


@tagged("post_install", "-at_install")
class TestInteraction(InteractionCase):
    def _outbox(self, interaction):
        return self.env["messaging.outbox"].search(
            [("model", "=", "messaging.interaction"), ("res_id", "=", interaction.id)]
        )

    def test_defaults_from_the_form(self):
        self.alice.write({"phone": "+33 1 23 45 67 89", "user_id": self.cm_manager.id})
        with freeze_time("2026-03-02 10:15:00"):
            form = Form(self.env["messaging.interaction"].with_user(self.cm_user))
            form.topic_id = self.topic
            form.partner_id = self.alice
            interaction = form.save()
        self.assertEqual(interaction.name, "Delivery test", "the subject defaults to the topic")
        self.assertEqual(str(interaction.date), "2026-03-02 10:15:00")
        self.assertEqual(interaction.entered_by_id, self.cm_user)
        self.assertEqual(interaction.direction, "internal", "nothing is published unless asked")
        self.assertEqual((interaction.contact_name, interaction.contact_phone), ("Alice Acme", "+33 1 23 45 67 89"))
        self.assertEqual(interaction.user_id, self.cm_manager, "the customer's salesperson")
        self.assertEqual(interaction.commercial_partner_id, self.acme)
        # the contact can be overridden for this interaction only
        interaction.write({"contact_name": "Alice at the warehouse", "contact_phone": "+33 6 00 00 00 00"})
        self.assertEqual(self.alice.phone, "+33 1 23 45 67 89")

    def test_follow_up_date_schedules_a_todo_for_the_owner(self):
        interaction = self.acme_internal.with_user(self.cm_user)
        interaction.write({"followup_date": date(2026, 4, 1), "followup_user_id": self.cm_manager.id})
        activity = interaction.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual((activity.user_id, activity.date_deadline), (self.cm_manager, date(2026, 4, 1)))
        self.assertEqual(activity.summary, "Follow up: Pays late, call first")
        interaction.followup_date = date(2026, 4, 3)
        self.assertEqual(interaction.activity_ids.date_deadline, date(2026, 4, 3), "moved, not duplicated")
        interaction.followup_date = False
        self.assertFalse(interaction.activity_ids)

    def test_follow_up_due_filter_and_group_by_topic(self):
        today = date.today()
        self.acme_internal.followup_date = today - timedelta(days=1)
        self.globex_published.followup_date = today + timedelta(days=5)
        Interaction = self.env["messaging.interaction"].with_user(self.cm_user)
        due = Interaction.search([("followup_due", "=", True), ("topic_id", "=", self.topic.id)])
        self.assertEqual(due, self.acme_internal)
        not_due = Interaction.search([("followup_due", "=", False), ("topic_id", "=", self.topic.id)])
        self.assertEqual(not_due, self.acme_published | self.globex_published)
        groups = Interaction._read_group([("topic_id", "=", self.topic.id)], ["topic_id"], ["__count"])
        self.assertEqual(groups, [(self.topic, 3)], "the second company's interaction is not counted")

    def test_delete_whatever_the_state(self):
        self.acme_published.message_post(body="A reply", message_type="comment")
        self.acme_published.followup_date = date(2026, 5, 1)
        (self.acme_published | self.acme_internal).with_user(self.cm_user).unlink()
        self.assertFalse((self.acme_published | self.acme_internal).exists())

    def test_published_interaction_emails_the_customer_through_the_outbox(self):
        rows = self._outbox(self.acme_published)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows.state, rows.kind, rows.partner_id), ("pending", "transactional", self.alice))
        self.assertEqual(self.acme_published.publication_state, "pending")
        self.assertFalse(self._outbox(self.acme_internal), "internal interactions are never published")
        # saving again does not queue it twice
        self.acme_published.write({"direction": "incoming"})
        self.assertEqual(len(self._outbox(self.acme_published)), 1)
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual(rows.state, "done")
        self.acme_published.invalidate_recordset()
        self.assertEqual(self.acme_published.publication_state, "sent")
        send_mail_queue(self.env, sink)
        url = f"/my/interactions/{self.acme_published.id}"
        (content,) = [
            e.content.decode()
            for e in sink.envelopes
            if "alice@example.com" in e.rcpt_tos and url in e.content.decode()
        ]
        self.assertIn("Delivery moved to Thursday", content)
        self.assertIn("Your order arrives on Thursday.", content)

    def test_no_consent_no_email_and_the_reason_is_shown(self):
        self.assertEqual(self.globex_published.partner_id.messaging_accepts_email, False)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.globex_published.invalidate_recordset()
        self.assertEqual(self.globex_published.publication_state, "not_sent")
        self.assertEqual(
            self.globex_published.publication_reason,
            "No consent (company policy: service messages only to customers who accepted)",
        )

    def test_made_internal_before_sending_cancels_the_email(self):
        self.acme_published.direction = "internal"
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        row = self._outbox(self.acme_published)
        self.assertEqual((row.state, row.reason), ("cancelled", "not_relevant"))
        self.assertEqual(self.acme_published.publication_state, "internal")

    def test_internal_made_public_later_is_published_once(self):
        self.acme_internal.direction = "outgoing"
        self.acme_internal.direction = "incoming"
        self.assertEqual(len(self._outbox(self.acme_internal)), 1)

    def test_internal_then_published_again_is_emailed_again(self):
        self.acme_published.direction = "internal"
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.acme_published.direction = "outgoing"
        row = self._outbox(self.acme_published)
        self.assertEqual(row.state, "pending", "the cancelled email is planned again")
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual(row.state, "done")

    def test_customer_changed_before_sending_emails_the_new_one(self):
        self.bob.messaging_accepts_email = True
        self.acme_published.partner_id = self.bob
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        rows = self._outbox(self.acme_published)
        first = rows.filtered(lambda row: row.partner_id == self.alice)
        self.assertEqual((first.state, first.error), ("cancelled", "The interaction is now about another customer."))
        self.assertEqual(rows.filtered(lambda row: row.partner_id == self.bob).state, "done")

    def test_reply_is_emailed_and_shown_in_the_history(self):
        wizard = Form(
            self.env["messaging.interaction.reply"]
            .with_user(self.cm_user)
            .with_context(default_interaction_id=self.acme_published.id)
        )
        wizard.body = "<p>The truck leaves at 8.</p>"
        wizard.save().action_send()
        message = self.acme_published.thread_message_ids[-1:]
        self.assertEqual(message.subject, "Re: Delivery moved to Thursday")
        self.assertEqual(message.partner_ids, self.alice)
        self.assertEqual((message.messaging_customer_id, message.messaging_channel), (self.acme, "email"))
        self.assertIn("The truck leaves at 8.", message.body)
        self.assertEqual(self.acme_published.thread_count, 1)
        self.assertFalse(self.acme_published.activity_ids, "a plain reply makes no to-do")
        self.assertIn(message, self.alice.messaging_email_history_ids, "in the customer's history too")

    def test_reply_and_make_it_a_task(self):
        wizard = Form(
            self.env["messaging.interaction.reply"]
            .with_user(self.cm_user)
            .with_context(default_interaction_id=self.acme_published.id)
        )
        wizard.body = "<p>We will call you back.</p>"
        wizard.send_email = False
        wizard.task_date = date(2026, 6, 1)
        wizard.task_user_id = self.cm_manager
        wizard.task_summary = "Call Alice back"
        wizard.save().action_send_and_task()
        activity = self.acme_published.activity_ids
        self.assertEqual(
            (activity.summary, activity.user_id, activity.date_deadline),
            ("Call Alice back", self.cm_manager, date(2026, 6, 1)),
        )
        self.assertEqual(
            self.acme_published.thread_message_ids.mapped("messaging_body_text"), ["We will call you back."]
        )
        self.assertFalse(self.env["mail.mail"].search([("mail_message_id", "in", self.acme_published.message_ids.ids)]))

    def test_reply_by_email_needs_the_users_email(self):
        self.cm_user.email = False
        for send_email in (True, False):
            with self.assertRaisesRegex(UserError, "Set your email address"):
                self.acme_published.with_user(self.cm_user)._reply("<p>Hi</p>", send_email=send_email)
        self.assertFalse(self.acme_published.thread_message_ids)

    def test_reply_refused_on_internal_and_empty(self):
        with self.assertRaisesRegex(UserError, "internal"):
            self.acme_internal._reply("<p>Hi</p>")
        with self.assertRaisesRegex(UserError, "Write a reply"):
            self.acme_published._reply("<p><br></p>")

    def test_customer_reply_arrives_incoming_and_notifies_the_owner(self):
        message = self.acme_published.with_user(self.alice_user)._portal_reply("Thursday is fine.\nThanks")
        self.assertEqual(message.author_id, self.alice)
        self.assertEqual(message.messaging_direction, "in")
        self.assertEqual(message.messaging_customer_id, self.acme)
        self.assertIn("Thursday is fine.", message.body)
        self.assertEqual(message.notification_ids.res_partner_id, self.cm_user.partner_id, "the owner is notified")
        self.assertEqual(self.acme_published.thread_message_ids, message)
        self.assertIn(message, self.acme.messaging_email_history_ids)

    def test_customer_reply_bad_input(self):
        interaction = self.acme_published.with_user(self.alice_user)
        with self.assertRaisesRegex(UserError, "Write a reply"):
            interaction._portal_reply("   ")
        with self.assertRaisesRegex(UserError, "at most 10000"):
            interaction._portal_reply("x" * 10001)

    def test_customer_remark(self):
        remark = (
            self.env["messaging.customer.remark"]
            .with_user(self.alice_user)
            ._create_from_portal("Slow answers", "Nobody answered my email for a week.")
        )
        self.assertEqual((remark.partner_id, remark.commercial_partner_id), (self.alice, self.acme))
        self.assertEqual(remark.state, "new")
        with self.assertRaisesRegex(UserError, "Write a subject"):
            self.env["messaging.customer.remark"].with_user(self.alice_user)._create_from_portal("", "x")


@tagged("post_install", "-at_install")
class TestCreditHold(InteractionCase):
    def test_check_mark_then_hold_by_hand(self):
        self.assertFalse(self.acme_published.credit_hold)
        self.assertFalse(self.alice.messaging_credit_hold)
        self.acme.messaging_credit_hold_manual = True
        self.acme_published.invalidate_recordset()
        self.alice.invalidate_recordset()
        self.assertTrue(self.alice.messaging_credit_hold, "a contact shares its company's hold")
        self.assertTrue(self.acme_published.credit_hold)
        self.assertEqual(self.acme_published.credit_hold_reason, "Put on credit hold by hand")


@tagged("post_install", "-at_install")
class TestInteractionFrench(InteractionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(["customer_messaging"], ["fr_FR"], overwrite=True)

    def test_labels_errors_and_credit_hold_in_french(self):
        env_fr = self.env(context=dict(self.env.context, lang="fr_FR"))
        interaction = self.acme_internal.with_env(env_fr)
        with self.assertRaisesRegex(UserError, "le client ne peut pas lire les réponses"):
            interaction._reply("<p>Bonjour</p>")
        labels = dict(env_fr["messaging.interaction"]._fields["direction"]._description_selection(env_fr))
        self.assertEqual(labels, {"internal": "Interne", "incoming": "Entrant", "outgoing": "Sortant"})
        self.acme.messaging_credit_hold_manual = True
        self.assertEqual(self.alice.with_env(env_fr).messaging_credit_hold_reason, "Crédit bloqué manuellement")
        self.assertEqual(env_fr.ref("customer_messaging.messaging_interaction_topic_complaint").name, "Réclamation")


@tagged("post_install", "-at_install")
class TestInteractionDemo(InteractionCase):
    def test_demo_portal_user_sees_their_published_interactions(self):
        portal_partner = self.env.ref("base.partner_demo_portal", raise_if_not_found=False)
        if not self.env.ref("customer_messaging.messaging_interaction_demo_amelie", raise_if_not_found=False):
            self.skipTest("no demo data")
        portal_user = portal_partner.user_ids[:1]
        seen = self.env["messaging.interaction"].with_user(portal_user).search([])
        self.assertEqual(sorted(seen.mapped("name")), ["Asked for a second pallet", "Delivery moved to Thursday"])
        amelie = self.env.ref("customer_messaging.messaging_interaction_demo_amelie")
        self.assertEqual(amelie.activity_ids.user_id, self.env.ref("base.user_admin"))
        self.assertTrue(self.env.ref("customer_messaging.res_partner_demo_wrong_number").messaging_credit_hold)
        remark = self.env.ref("customer_messaging.messaging_customer_remark_demo")
        self.assertEqual(remark.with_user(self.env.ref("base.user_admin")).name, "Great delivery team")


@tagged("post_install", "-at_install")
class TestInteractionEmailReply(InteractionCase):
    def test_customer_answers_the_publication_email(self):
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        row = self.env["messaging.outbox"].search(
            [("model", "=", "messaging.interaction"), ("res_id", "=", self.acme_published.id)]
        )
        self.assertEqual(row.state, "done")
        raw = (
            "From: Alice Acme <alice@example.com>\r\n"
            "To: catchall@example.com\r\n"
            "Subject: Re: Delivery moved to Thursday\r\n"
            f"In-Reply-To: {row.message_id.message_id}\r\n"
            "Message-Id: <alice-answer-1@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Thursday is fine, thank you.\r\n"
        )
        self.env["mail.thread"].message_process(None, raw)
        answer = self.acme_published.thread_message_ids.filtered(lambda m: m.author_id == self.alice)
        self.assertEqual(len(answer), 1, "the answer lands on the interaction's thread")
        self.assertEqual(answer.messaging_direction, "in")
        self.assertIn(self.cm_user.partner_id, answer.notification_ids.res_partner_id, "the owner is notified")


@tagged("post_install", "-at_install")
class TestInteractionBatch(InteractionCase):
    def test_list_fields_read_in_a_constant_number_of_queries(self):
        Interaction = self.env["messaging.interaction"]
        many = Interaction.create(
            [{"topic_id": self.topic.id, "partner_id": self.globex.id, "direction": "outgoing"} for __ in range(20)]
        )
        fnames = ["thread_count", "publication_state", "credit_hold", "followup_due"]

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.read(fnames)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(many), queries(many[:2]))
