{
    "name": "Debtor Notify",
    "summary": "Unpaid-invoice reminders: one email per customer listing the overdue invoices, "
    "with links that open them without logging in, manual and automatic with escalating levels",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "depends": ["customer_messaging", "account"],
    "data": [
        "security/debtor_notify_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/messaging_template_data.xml",
        "data/debtor_reminder_level_data.xml",
        "report/debtor_statement_report.xml",
        "views/debtor_notify_templates.xml",
        "views/debtor_reminder_views.xml",
        "views/debtor_reminder_level_views.xml",
        "views/debtor_notify_wizard_views.xml",
        "views/account_move_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debtor_notify/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/debtor_notify_demo.xml",
    ],
}
