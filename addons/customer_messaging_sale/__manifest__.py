{
    "name": "Customer Messaging - Sales",
    "summary": "Email and SMS the customer of a sale order from its Action menu; demo notification rules on orders",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "sale"],
    "data": ["data/customer_messaging_sale_actions.xml"],
    "demo": ["demo/customer_messaging_sale_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "customer_messaging_sale/static/tests/tours/*.js",
        ],
    },
}
