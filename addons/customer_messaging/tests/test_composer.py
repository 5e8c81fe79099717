from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestComposer(MessagingCase):
    def _messages(self, partner, channel):
        return self.env["mail.message"].search(
            [("messaging_customer_id", "=", partner.commercial_partner_id.id), ("messaging_channel", "=", channel)]
        )

    def test_email_from_the_customer_form(self):
        action = self.customer.action_messaging_write_email()
        self.assertEqual(action["res_model"], "messaging.composer")
        composer = self.env["messaging.composer"].with_context(**action["context"]).create({})
        self.assertEqual(composer.partner_ids, self.customer, "recipient pre-filled")
        self.assertFalse(composer.is_bulk)
        composer.write({"subject": "Your visit", "body": "<p>Hello @CUSTOMERNAME@, see you on Monday.</p>"})
        composer.action_send()
        message = self._messages(self.customer, "email")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subject, "Your visit")
        self.assertIn(
            "Hello Amélie Poulain, see you on Monday.", message.body, "tags typed in the composer are replaced"
        )
        self.assertEqual((message.model, message.res_id), ("res.partner", self.customer.id), "in the chatter")
        self.assertEqual(message.notification_ids.res_partner_id, self.customer)
        self.assertEqual(message.notification_ids.notification_status, "sent", "sent at once, as Odoo's chatter does")
        self.assertEqual(message.email_layout_xmlid, "customer_messaging.message_notification_layout")

    def test_default_template_and_its_instructions(self):
        self.company.messaging_default_email_template_id = self.template
        composer = self._composer(self.customer)
        self.assertEqual(composer.template_id, self.template)
        self.assertEqual(composer.template_note, "For new customers only.")
        self.assertEqual(composer.subject, "Welcome @CUSTOMERNAME@", "the template's text, tags and all")
        self.assertIn("Welcome Amélie Poulain", composer.preview, "the preview shows what the customer gets")
        self.assertIn("Hello Amélie Poulain, this is", composer.preview)
        form = Form(composer)
        form.template_id = self.env["messaging.template"]
        self.assertEqual(form.subject, "Welcome @CUSTOMERNAME@", "clearing the template keeps what was written")

    def test_copy_recipients_and_followers(self):
        colleague = self.env["res.partner"].create({"name": "Colleague", "email": "colleague@example.com"})
        follower = self.env["res.partner"].create({"name": "Follower", "email": "follower@example.com"})
        self.customer.message_subscribe(follower.ids)
        composer = self._composer(self.customer, subject="Hi", body="<p>Hi</p>", cc_partner_ids=[(6, 0, colleague.ids)])
        composer.action_send()
        message = self._messages(self.customer, "email")
        self.assertEqual(message.notification_ids.res_partner_id, self.customer | colleague, "followers not copied")
        composer = self._composer(self.customer, subject="Hi again", body="<p>Hi</p>", copy_followers=True)
        composer.action_send()
        message = self._messages(self.customer, "email").filtered(lambda m: m.subject == "Hi again")
        self.assertIn(follower, message.notification_ids.res_partner_id, "copy to the document's followers")

    def test_private_message_only_author_and_recipients_see_it(self):
        other = self.env["res.users"].create(
            {
                "name": "Other",
                "login": "other.messaging",
                "groups_id": [(6, 0, [self.env.ref("customer_messaging.group_messaging_user").id])],
            }
        )
        composer = self._composer(self.customer, subject="Confidential", body="<p>Just for you</p>", is_private=True)
        composer.with_user(self.user).action_send()
        message = self._messages(self.customer, "email")
        self.assertFalse(message.model, "not on the customer's chatter")
        self.assertEqual(message.messaging_customer_id, self.customer, "but in the customer's history")
        self.assertIn(message, self.customer.with_user(self.user).messaging_email_history_ids)
        self.assertNotIn(message, self.customer.with_user(other).messaging_email_history_ids)
        with self.assertRaises(AccessError):
            message.with_user(other).read(["body"])

    def test_urgent_task_and_sms_copy(self):
        composer = self._composer(
            self.customer,
            subject="Leak",
            body="<p>Water leak reported</p>",
            is_urgent=True,
            create_task=True,
            task_date="2030-01-15",
            also_sms=True,
        )
        composer.with_context(mail_notify_force_send=False).action_send()  # kept queued, to read its headers
        message = self._messages(self.customer, "email")
        self.assertTrue(message.messaging_urgent)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertIn("'X-Priority': '1'", mail.headers)
        activity = self.customer.activity_ids
        self.assertEqual((activity.summary, str(activity.date_deadline)), ("Leak", "2030-01-15"))
        sms = self._messages(self.customer, "sms")
        self.assertEqual(sms.messaging_body_text.strip(), "Water leak reported", "the SMS copy")
        self._run_sms_queue()
        self.assertEqual([m.body for m in self._sandbox_messages()], ["Water leak reported"])

    def test_sms_from_the_customer_form(self):
        self.company.messaging_default_sms_template_id = self.sms_template
        action = self.customer.action_messaging_write_sms()
        composer = self.env["messaging.composer"].with_context(**action["context"]).create({})
        self.assertEqual(composer.sms_body, "Hello @CUSTOMERNAME@, your order is ready.")
        self.assertIn("Hello Amélie Poulain, your order is ready.", composer.preview)
        self.assertIn("42 / 314 characters, 1 SMS (GSM-7)", composer.sms_info, "counted as the customer gets it")
        composer.action_send()
        self._run_sms_queue()
        sent = self._sandbox_messages()
        self.assertEqual(
            [(m.to, m.body) for m in sent], [("+33612345678", "Hello Amélie Poulain, your order is ready.")]
        )
        self.assertEqual(self._messages(self.customer, "sms").messaging_recipients, "+33612345678")

    def test_sms_maximum_length(self):
        self.company.messaging_sms_max_length = 20
        with self.assertRaises(ValidationError):
            self._composer(self.customer, "sms", sms_body="x" * 21)
        composer = self._composer(self.customer, "sms", sms_body="Hi @CUSTOMEREMAIL@")  # 18, then 21
        with self.assertRaisesRegex(UserError, "maximum is 20"):
            composer.action_send()
        self.assertFalse(self._messages(self.customer, "sms"), "nothing sent")

    def test_sms_button_only_for_mobile_numbers(self):
        landline = self.env["res.partner"].create(
            {"name": "Fixed", "mobile": "01 42 68 53 00", "country_id": self.fr.id}
        )
        self.assertFalse(landline.messaging_mobile_e164, "a French landline cannot receive SMS")
        self.assertEqual(self.customer.messaging_mobile_e164, "+33612345678")

    def test_nobody_reachable_is_a_clear_error(self):
        composer = self._composer(self.no_email, subject="Hi", body="<p>Hi</p>")
        with self.assertRaisesRegex(UserError, "Hugo Marchand: No email address"):
            composer.action_send()

    def test_attach_history_pdf(self):
        self._composer(self.customer, subject="First", body="<p>First</p>").action_send()
        composer = self._composer(
            self.customer, subject="With history", body="<p>See attached</p>", attach_history=True
        )
        composer.action_send()
        message = self._messages(self.customer, "email").filtered(lambda m: m.subject == "With history")
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        self.assertTrue(message.attachment_ids.name.startswith("Message history"))

    def test_a_contact_is_in_its_company_history(self):
        contact = self.env["res.partner"].create(
            {"name": "Contact", "email": "contact@example.com", "parent_id": self.customer.id}
        )
        action = contact._messaging_composer_for_documents("email")
        composer = (
            self.env["messaging.composer"]
            .with_context(**action["context"])
            .create({"subject": "About your account", "body": "<p>Hi</p>"})
        )
        composer.action_send()
        self.assertEqual(
            self._messages(self.customer, "email").subject,
            "About your account",
            "a contact's message is in the company's history",
        )


@tagged("post_install", "-at_install")
class TestEntryPoints(MessagingCase):
    def test_customer_list_action_writes_to_many(self):
        action = self.env.ref("customer_messaging.res_partner_action_cm_email")
        result = action.with_context(active_model="res.partner", active_ids=(self.customer | self.no_consent).ids).run()
        composer = self.env["messaging.composer"].with_context(**result["context"]).create({})
        self.assertEqual(composer.partner_ids, self.customer | self.no_consent)
        self.assertTrue(composer.is_bulk)

    def test_customer_tags_write_to_their_customers(self):
        tag = self.env["res.partner.category"].create({"name": "VIP"})
        child_tag = self.env["res.partner.category"].create({"name": "Gold", "parent_id": tag.id})
        self.customer.category_id = tag
        self.no_consent.category_id = child_tag
        action = self.env.ref("customer_messaging.res_partner_category_action_cm_sms")
        result = action.with_context(active_model="res.partner.category", active_ids=tag.ids).run()
        composer = self.env["messaging.composer"].with_context(**result["context"]).create({})
        self.assertEqual(composer.channel, "sms")
        self.assertEqual(composer.partner_ids, self.customer | self.no_consent)


@tagged("post_install", "-at_install")
class TestComposerSmsCopyByEmail(MessagingCase):
    def test_sms_with_a_copy_by_email_and_the_company_default(self):
        self.company.messaging_copy_by_email = True
        composer = self._composer(self.customer, "sms", sms_body="Your car is ready, @CUSTOMERNAME@.")
        self.assertTrue(composer.also_email, "ticked by default from Settings")
        composer.action_send()
        sms = self.env["mail.message"].search(self.customer._messaging_history_domain("sms"))
        email = self.env["mail.message"].search(self.customer._messaging_history_domain("email"))
        self.assertEqual(sms.messaging_body_text, "Your car is ready, Amélie Poulain.")
        self.assertIn("Your car is ready, Amélie Poulain.", email.body)
        self.assertEqual(email.subject, f"Message from {self.company.name}")


@tagged("post_install", "-at_install")
class TestComposerDesignerOnly(MessagingCase):
    def test_code_typed_by_a_non_designer_is_refused_in_one_and_bulk_sends(self):
        self.user.groups_id -= self.env.ref("mail.group_mail_template_editor")
        composer = self._composer(self.customer, subject="Hi", body="<p>{{ 6 * 7 }}</p>").with_user(self.user)
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            composer.action_send()
        bulk_composer = self._composer(self.customer | self.no_consent, subject="{{ 6 * 7 }}", body="<p>Hi</p>")
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            bulk_composer.with_user(self.user).action_send()
        self.assertFalse(self.env["mail.message"].search(self.customer._messaging_history_domain()), "nothing sent")


@tagged("post_install", "-at_install")
class TestPartnerActionMenu(MessagingCase):
    def test_one_entry_per_thing_in_the_customer_action_menu(self):
        names = [
            action["name"]
            for action in self.env["ir.actions.actions"].with_user(self.user).get_bindings("res.partner")["action"]
        ]
        self.assertIn("Send Email to Customers", names)
        self.assertIn("Send SMS to Customers", names)
        self.assertNotIn("Send email", names, "Odoo's own mass mail is replaced for Messaging users")
        self.assertNotIn("Send SMS", names)
        other = self.env["res.users"].create(
            {"name": "Sam Sales", "login": "sam.sales", "groups_id": [(6, 0, self.env.ref("base.group_user").ids)]}
        )
        others = [
            action["name"]
            for action in self.env["ir.actions.actions"].with_user(other).get_bindings("res.partner").get("action", [])
        ]
        self.assertNotIn("Send Email to Customers", others)
        self.assertIn("Send email", others, "users of other apps keep Odoo's own")
