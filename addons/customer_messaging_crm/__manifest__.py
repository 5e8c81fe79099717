{
    "name": "Customer Messaging - CRM",
    "summary": "Email and SMS the customer of a lead from its Action menu; demo rules on leads",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "crm"],
    "data": ["data/customer_messaging_crm_actions.xml"],
    "demo": ["demo/customer_messaging_crm_demo.xml"],
}
