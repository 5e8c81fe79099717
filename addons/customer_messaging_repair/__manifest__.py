{
    "name": "Customer Messaging - Repairs",
    "summary": "Email and SMS the customer of a repair order from its Action menu",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "repair"],
    "data": ["data/customer_messaging_repair_actions.xml"],
}
