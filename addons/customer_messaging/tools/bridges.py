"""Bridge modules for an upgraded database.

Odoo installs an ``auto_install`` bridge when one of its dependencies is being
installed, not when a module that already had the feature is upgraded. A database
upgraded from a version where the feature lived in the main module would lose it:

- before the module loads (``pre-migrate``), :func:`drop_views` removes its views of
  the other app, whose fields moved to the bridge (Odoo would validate them against
  models that no longer have those fields); :func:`move_xmlids` hands the records the
  bridge now owns to it, so that the bridge updates them instead of making copies;
- once it loaded (``post-migrate``), :func:`install_bridges` marks the bridges whose
  dependencies are all there; Odoo installs them later in the same run (its loading
  loops over modules "to install" after the upgraded ones)."""

from odoo.tools import SQL


def move_xmlids(env, moves):
    """Give records made by ``old`` module to ``new``: ``{(old, new): [name, ...]}``."""
    for (old, new), names in moves.items():
        env.cr.execute(
            SQL(
                "UPDATE ir_model_data SET module = %s WHERE module = %s AND name = ANY(%s)",
                new,
                old,
                list(names),
            )
        )


def drop_views(env, module, names):
    """Delete ``module``'s views ``names`` (and the views extending them) with their xmlids."""
    env.cr.execute(
        SQL(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND model = 'ir.ui.view' AND name = ANY(%s)",
            module,
            list(names),
        )
    )
    view_ids = [view_id for (view_id,) in env.cr.fetchall()]
    if view_ids:
        env.cr.execute(SQL("DELETE FROM ir_ui_view WHERE id = ANY(%s)", view_ids))
        env.cr.execute(SQL("DELETE FROM ir_model_data WHERE model = 'ir.ui.view' AND res_id = ANY(%s)", view_ids))


def install_bridges(env, names):
    """Mark for installation those of ``names`` whose dependencies are all there."""
    there = ("installed", "to upgrade", "to install")
    modules = env["ir.module.module"].search([("name", "in", list(names)), ("state", "=", "uninstalled")])
    ready = modules.filtered(lambda module: all(dep.state in there for dep in module.dependencies_id))
    if ready:
        ready.button_install()
    return ready.mapped("name")
