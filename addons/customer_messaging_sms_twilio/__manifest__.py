{
    "name": "Customer Messaging - Odoo's Twilio SMS",
    "summary": "Customer Messaging beside Odoo's own Twilio SMS module (sms_twilio): "
    "one SMS provider per company, each SMS sent once",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "sms_twilio"],
    "data": ["views/res_config_settings_views.xml"],
}
