{
    "name": "Debtor Notify - Online Payment",
    "summary": "Pay everything at once from a payment reminder's page, without logging in, "
    "through Odoo's payment providers",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["debtor_notify", "account_payment"],
    "data": [
        "views/debtor_notify_payment_templates.xml",
        "views/debtor_reminder_views.xml",
        "views/payment_transaction_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debtor_notify_payment/static/tests/tours/*.js",
        ],
    },
}
