"""Upgrade to 18.0.1.1.0: a reminder level has one email template and one SMS template
whose texts are translated, as ``mail.template``'s are, instead of one template per
language. The texts of each per-language template (customised or not) become the
translation of the level's template in that language; those templates are archived."""

from collections import defaultdict

from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

TRANSLATED = ("subject", "body_html", "body_text")


def migrate(cr, version):
    if not version or not column_exists(cr, "messaging_template", "debtor_lang_id"):
        return
    merged = set()
    for channel in ("email", "sms"):
        relation = f"debtor_reminder_level_{channel}_template_rel"
        if not table_exists(cr, relation):
            continue
        # per level, the template without language first: it becomes the level's template
        cr.execute(
            SQL(
                """
                SELECT r.level_id, t.id, lang.code
                  FROM %s r
                  JOIN messaging_template t ON t.id = r.template_id
             LEFT JOIN res_lang lang ON lang.id = t.debtor_lang_id
              ORDER BY r.level_id, t.debtor_lang_id IS NOT NULL, t.active DESC, t.id
                """,
                SQL.identifier(relation),
            )
        )
        by_level = defaultdict(list)
        for level_id, template_id, code in cr.fetchall():
            by_level[level_id].append((template_id, code))
        for level_id, templates in by_level.items():
            main_id = templates[0][0]
            cr.execute(
                SQL(
                    "UPDATE debtor_reminder_level SET %s = %s WHERE id = %s",
                    SQL.identifier(f"{channel}_template_id"),
                    main_id,
                    level_id,
                )
            )
            for template_id, code in templates[1:]:
                if not code or template_id == main_id:
                    continue
                # the per-language template's texts were stored before the fields were
                # translated: Odoo moved them under en_US; they are the main one's `code`
                for fname in TRANSLATED:
                    cr.execute(
                        SQL(
                            """
                            UPDATE messaging_template main
                               SET %(column)s = COALESCE(main.%(column)s, '{}'::jsonb)
                                   || jsonb_build_object(%(code)s, other.%(column)s->>'en_US')
                              FROM messaging_template other
                             WHERE main.id = %(main)s AND other.id = %(other)s
                               AND other.%(column)s->>'en_US' IS NOT NULL
                            """,
                            column=SQL.identifier(fname),
                            code=code,
                            main=main_id,
                            other=template_id,
                        )
                    )
                merged.add(template_id)
    if merged:
        cr.execute(SQL("UPDATE messaging_template SET active = false WHERE id = ANY(%s)", list(merged)))
