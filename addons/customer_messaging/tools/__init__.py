from .core_errors import translate_core_error
