{
    "name": "Rating Widget - Invoicing",
    "summary": "Rating status, filters and columns on customer invoices",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["rating_widget", "account"],
    "data": ["views/account_move_views.xml"],
}
