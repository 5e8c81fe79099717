{
    "name": "Customer Messaging",
    "summary": "Email and SMS to customers: one sending path, SMS through Twilio "
    "or a sandbox inside Odoo's own SMS queue, with delivery guarantees",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "application": True,
    "depends": ["base_setup", "mail", "phone_validation", "sms"],
    "external_dependencies": {
        "python": ["messaging-core", "twilio", "phonenumbers", "jinja2>=3.1.6"],
    },
    "data": [
        "security/customer_messaging_security.xml",
        "security/ir.model.access.csv",
        "data/ir_config_parameter_data.xml",
        "views/messaging_sms_provider_views.xml",
        "views/sms_sms_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_messaging/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/messaging_sms_provider_demo.xml",
        "demo/res_partner_demo.xml",
    ],
}
