from odoo import Command
from odoo.tests import TransactionCase


class InteractionFixture:
    """Two companies, two customers with a portal user each, a messaging user and
    manager, a plain internal user, and interactions of every kind."""

    @classmethod
    def _setup_interactions(cls):
        env = cls.env
        cls.company = env.ref("base.main_company")
        cls.company.write({"email": "shop@example.com", "messaging_bcc_archive_email": False})
        cls.company2 = env["res.company"].create({"name": "Second Company", "email": "second@example.com"})
        cls.topic = env["messaging.interaction.topic"].create({"name": "Delivery test", "company_id": False})
        Partner = env["res.partner"]
        cls.acme = Partner.create(
            {"name": "Acme", "is_company": True, "email": "acme@example.com", "messaging_accepts_email": True}
        )
        cls.alice = Partner.create(
            {
                "name": "Alice Acme",
                "parent_id": cls.acme.id,
                "email": "alice@example.com",
                "messaging_accepts_email": True,
            }
        )
        cls.globex = Partner.create({"name": "Globex", "is_company": True, "email": "globex@example.com"})
        cls.bob = Partner.create({"name": "Bob Globex", "parent_id": cls.globex.id, "email": "bob@example.com"})
        Users = env["res.users"].with_context(no_reset_password=True)
        portal = env.ref("base.group_portal")
        cls.alice_user = Users.create(
            {
                "name": "Alice Acme",
                "login": "alice.portal",
                "password": "alice.portal",
                "partner_id": cls.alice.id,
                "groups_id": [Command.set(portal.ids)],
            }
        )
        cls.bob_user = Users.create(
            {
                "name": "Bob Globex",
                "login": "bob.portal",
                "password": "bob.portal",
                "partner_id": cls.bob.id,
                "groups_id": [Command.set(portal.ids)],
            }
        )
        cls.cm_user = Users.create(
            {
                "name": "Mia Messaging",
                "login": "mia.messaging",
                "password": "mia.messaging",
                "email": "mia@example.com",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set(env.ref("customer_messaging.group_messaging_user").ids)],
            }
        )
        cls.cm_manager = Users.create(
            {
                "name": "Max Manager",
                "login": "max.manager",
                "password": "max.manager",
                "email": "max@example.com",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set(env.ref("customer_messaging.group_messaging_manager").ids)],
            }
        )
        cls.plain_user = Users.create(
            {
                "name": "Paul Plain",
                "login": "paul.plain",
                "password": "paul.plain",
                "company_id": cls.company.id,
                "company_ids": [Command.set(cls.company.ids)],
                "groups_id": [Command.set(env.ref("base.group_user").ids)],
            }
        )
        cls.cm_user2 = Users.create(
            {
                "name": "Sam Second",
                "login": "sam.second",
                "company_id": cls.company2.id,
                "company_ids": [Command.set(cls.company2.ids)],
                "groups_id": [Command.set(env.ref("customer_messaging.group_messaging_manager").ids)],
            }
        )
        Interaction = env["messaging.interaction"].with_user(cls.cm_user)
        cls.acme_published = Interaction.create(
            {
                "topic_id": cls.topic.id,
                "partner_id": cls.alice.id,
                "name": "Delivery moved to Thursday",
                "direction": "outgoing",
                "notes": "<p>Your order arrives on Thursday.</p>",
            }
        )
        cls.acme_internal = Interaction.create(
            {
                "topic_id": cls.topic.id,
                "partner_id": cls.acme.id,
                "name": "Pays late, call first",
                "direction": "internal",
            }
        )
        cls.globex_published = Interaction.create(
            {
                "topic_id": cls.topic.id,
                "partner_id": cls.globex.id,
                "name": "Globex price list sent",
                "direction": "outgoing",
            }
        )
        cls.second_company_published = (
            env["messaging.interaction"]
            .with_user(cls.cm_user2)
            .with_company(cls.company2)
            .create(
                {
                    "topic_id": cls.topic.id,
                    "partner_id": cls.alice.id,
                    "name": "Second company visit",
                    "direction": "incoming",
                    "company_id": cls.company2.id,
                }
            )
        )

        # the records as the test's own user (they were created as others)
        for name in ("acme_published", "acme_internal", "globex_published", "second_company_published"):
            setattr(cls, name, env["messaging.interaction"].browse(getattr(cls, name).id))


class InteractionCase(TransactionCase, InteractionFixture):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls._setup_interactions()
