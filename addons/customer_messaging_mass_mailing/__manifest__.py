{
    "name": "Customer Messaging - Email Marketing",
    "summary": "Build template emails by drag and drop with Odoo's email designer, tags included",
    "version": "18.0.1.0.0",
    "category": "Marketing",
    "website": "https://github.com/customer-messaging/customer-messaging",
    "author": "Customer Messaging contributors",
    "maintainers": ["customer-messaging"],
    "license": "LGPL-3",
    "auto_install": True,
    "depends": ["customer_messaging", "mass_mailing"],
    "data": ["views/messaging_template_views.xml"],
    "assets": {
        "web.assets_backend": ["customer_messaging_mass_mailing/static/src/js/messaging_builder_field.js"],
        "web.assets_tests": ["customer_messaging_mass_mailing/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
