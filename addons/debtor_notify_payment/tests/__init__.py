from . import test_pay_all
