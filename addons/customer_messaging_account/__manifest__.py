{
    "name": "Customer Messaging - Invoicing",
    "summary": "Email and SMS the customer of an invoice from its Action menu; credit hold from invoices",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "account"],
    "data": [
        "data/customer_messaging_account_actions.xml",
        "views/res_config_settings_views.xml",
    ],
}
