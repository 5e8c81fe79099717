{
    "name": "Rating Widget - Sales",
    "summary": "Rating status, filters and columns on sale orders; demo ratings on orders",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["rating_widget_account", "sale"],
    "data": ["views/sale_order_views.xml"],
    "demo": ["demo/rating_widget_sale_demo.xml"],
}
