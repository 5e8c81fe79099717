from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .interaction_common import InteractionCase


@tagged("post_install", "-at_install")
class TestInteractionRecordRules(InteractionCase):
    """Nobody reads what is not theirs through the ORM: every forbidden read is tried."""

    def _assert_cannot_read(self, user, records):
        for record in records:
            with self.subTest(user=user.login, record=record.display_name), self.assertRaises(AccessError):
                record.with_user(user).read(["name"])

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_portal_user_sees_only_their_entitys_published_interactions(self):
        Interaction = self.env["messaging.interaction"]
        self.assertEqual(Interaction.with_user(self.alice_user).search([]), self.acme_published)
        self.assertEqual(Interaction.with_user(self.bob_user).search([]), self.globex_published)
        self._assert_cannot_read(
            self.alice_user, self.acme_internal | self.globex_published | self.second_company_published
        )
        self._assert_cannot_read(self.bob_user, self.acme_published | self.acme_internal)
        with self.assertRaises(AccessError):
            self.acme_published.with_user(self.alice_user).write({"notes": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            self.acme_published.with_user(self.alice_user).unlink()
        with self.assertRaises(AccessError):
            Interaction.with_user(self.alice_user).create({"topic_id": self.topic.id, "partner_id": self.alice.id})

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model", "odoo.models")
    def test_credit_hold_is_for_messaging_users_only(self):
        """What a customer owes stays with us: a portal customer (who may call the ORM)
        reads neither their own credit hold nor that of an interaction published to them."""
        self.acme.messaging_credit_hold_manual = True
        for record, fname in (
            (self.alice, "messaging_credit_hold_reason"),
            (self.acme_published, "credit_hold_reason"),
        ):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                record.with_user(self.alice_user).read([fname])
        self.assertTrue(self.acme_published.with_user(self.cm_user).credit_hold)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_portal_thread_and_reply_of_someone_else(self):
        for record in (self.acme_published, self.acme_internal):
            with self.subTest(record=record.name):
                with self.assertRaises(AccessError):
                    record.with_user(self.bob_user)._portal_messages()
                with self.assertRaises(AccessError):
                    record.with_user(self.bob_user)._portal_reply("Let me in")
        with self.assertRaises(AccessError):
            self.acme_internal.with_user(self.alice_user)._portal_messages()
        self.assertFalse(self.acme_published.message_ids.filtered(lambda m: m.author_id == self.bob))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_plain_internal_user_sees_no_interaction_nor_remark(self):
        with self.assertRaises(AccessError):
            self.env["messaging.interaction"].with_user(self.plain_user).search([])
        with self.assertRaises(AccessError):
            self.env["messaging.customer.remark"].with_user(self.plain_user).search([])
        self._assert_cannot_read(self.plain_user, self.acme_published)

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_second_company(self):
        Interaction = self.env["messaging.interaction"]
        self.assertEqual(
            Interaction.with_user(self.cm_user2).search([("partner_id", "child_of", self.acme.id)]),
            self.second_company_published,
        )
        self._assert_cannot_read(self.cm_user2, self.acme_published | self.acme_internal)
        self._assert_cannot_read(self.cm_user, self.second_company_published)
        self.assertNotIn(self.second_company_published, Interaction.with_user(self.alice_user).search([]))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_remarks_only_for_managers_of_their_company(self):
        Remark = self.env["messaging.customer.remark"]
        remark = Remark.with_user(self.alice_user)._create_from_portal("Subject", "Remark")
        self.assertEqual(Remark.with_user(self.cm_manager).search([("id", "=", remark.id)]), remark)
        for user in (self.alice_user, self.bob_user, self.cm_user, self.plain_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                remark.with_user(user).read(["name", "body"])
        # a manager of another company does not see it either
        self.assertFalse(Remark.with_user(self.cm_user2).search([("id", "=", remark.id)]))
        with self.assertRaises(AccessError):
            Remark.with_user(self.alice_user).create({"name": "x", "body": "y", "partner_id": self.alice.id})
