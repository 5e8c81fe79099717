from . import test_builder
