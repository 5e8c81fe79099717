from . import test_beside_odoo_twilio
