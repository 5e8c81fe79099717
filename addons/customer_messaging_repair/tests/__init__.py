from . import test_actions
