{
    "name": "Incident Notifications",
    "summary": "Tell customers when their helpdesk ticket is created and closed, by email or SMS, "
    "with the ticket's description and a rating widget",
    "version": "18.0.1.1.0",
    "category": "After-Sales",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "AGPL-3",
    "depends": ["customer_messaging", "helpdesk_mgmt", "rating_widget"],
    "data": [
        "data/incident_notify_actions.xml",
        "data/messaging_template_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/incident_notify_demo.xml"],
    "assets": {
        "web.assets_tests": ["incident_notify/static/tests/tours/*.js"],
    },
}
