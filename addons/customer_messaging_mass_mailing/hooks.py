def post_init_hook(env):
    """Templates made of block rows before the designer was installed open in it."""
    env["messaging.template"].with_context(active_test=False).search(
        [("design", "=", "blocks")]
    )._messaging_design_from_rows()


def uninstall_hook(env):
    """Without the designer, what was designed is sent as it is: the *HTML* design keeps it."""
    templates = env["messaging.template"].with_context(active_test=False).search([("design", "=", "blocks")])
    templates.filtered(lambda t: t._messaging_built()).write({"design": "html"})
