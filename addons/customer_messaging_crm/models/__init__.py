from . import ir_actions
