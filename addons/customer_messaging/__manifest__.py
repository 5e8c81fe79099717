{
    "name": "Customer Messaging",
    "summary": "Email and SMS to customers from their record and from lists: composer, "
    "templates with tags, customer-wide history, consent, limits, bulk sends, "
    "and SMS through Twilio inside Odoo's own queue",
    "version": "18.0.1.5.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "application": True,
    "depends": ["base_setup", "mail", "phone_validation", "portal", "resource", "sms"],
    "external_dependencies": {
        "python": ["messaging-core", "twilio", "phonenumbers", "jinja2>=3.1.6,<3.2"],
    },
    "data": [
        "security/customer_messaging_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "data/customer_messaging_data.xml",
        "views/mail_templates.xml",
        "views/messaging_sms_provider_views.xml",
        "views/sms_sms_views.xml",
        "views/messaging_template_views.xml",
        "views/messaging_composer_views.xml",
        "views/messaging_bulk_views.xml",
        "views/messaging_rule_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
        "report/customer_history_report.xml",
        "data/messaging_interaction_data.xml",
        "views/messaging_interaction_views.xml",
        "views/messaging_interaction_portal_templates.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "customer_messaging/static/src/js/*",
            "customer_messaging/static/src/chatter/*",
            "customer_messaging/static/src/sms/*",
        ],
        "web.assets_tests": [
            "customer_messaging/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/messaging_sms_provider_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/messaging_template_demo.xml",
        "demo/messaging_interaction_demo.xml",
    ],
}
