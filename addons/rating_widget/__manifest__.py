{
    "name": "Rating Widget",
    "summary": "A @WIDGETVALUATION@ tag: five rating choices in any customer email, "
    "a token-protected rating page safe from link scanners, rating status on customers "
    "(orders and invoices through their bridge modules)",
    "version": "18.0.1.3.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "depends": ["customer_messaging", "rating", "portal"],
    "data": [
        "security/rating_widget_security.xml",
        "security/ir.model.access.csv",
        "data/rating_widget_reason_data.xml",
        "data/rating_widget_reminder_data.xml",
        "views/rating_widget_templates.xml",
        "views/rating_rating_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/rating_widget_reason_views.xml",
    ],
}
