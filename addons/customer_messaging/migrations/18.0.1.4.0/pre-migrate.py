"""Upgrade to 18.0.1.4.0: the outbox's rows get typed columns for what their key held
(``source``, ``event``, ``occurrence``), and their key is rebuilt in the outbox's own
format (``messaging.outbox._dedupe_key``), so a message already planned or sent is
still recognised after the upgrade."""

from odoo.tools import SQL

OUTBOX_COLUMNS = SQL(
    """
    ALTER TABLE messaging_outbox ADD COLUMN IF NOT EXISTS source varchar;
    ALTER TABLE messaging_outbox ADD COLUMN IF NOT EXISTS event varchar;
    ALTER TABLE messaging_outbox ADD COLUMN IF NOT EXISTS occurrence varchar;
    """
)
# the five key formats callers used to build, read back into columns
OUTBOX_FILL = SQL(
    """
    UPDATE messaging_outbox SET
        source = CASE
            WHEN starts_with(dedupe_key, 'bulk:') THEN 'bulk'
            WHEN starts_with(dedupe_key, 'rule:') THEN 'rule'
            WHEN starts_with(dedupe_key, 'messaging.interaction-') THEN 'interaction'
            WHEN starts_with(dedupe_key, 'debtor_notify:') THEN 'debtor_notify'
            WHEN starts_with(dedupe_key, 'incident_notify:') THEN 'incident_notify'
            ELSE split_part(dedupe_key, ':', 1) END,
        event = CASE
            WHEN starts_with(dedupe_key, 'bulk:') OR starts_with(dedupe_key, 'rule:')
                THEN split_part(dedupe_key, ':', 2)
            WHEN starts_with(dedupe_key, 'messaging.interaction-') THEN 'published'
            WHEN starts_with(dedupe_key, 'debtor_notify:') THEN 'reminder'
            WHEN starts_with(dedupe_key, 'incident_notify:') THEN split_part(dedupe_key, ':', 2)
            END,
        occurrence = CASE
            WHEN starts_with(dedupe_key, 'bulk:') OR starts_with(dedupe_key, 'messaging.interaction-')
              OR starts_with(dedupe_key, 'debtor_notify:') THEN NULL
            WHEN starts_with(dedupe_key, 'rule:') THEN substring(dedupe_key FROM '^rule:[^:]*:[^:]*:[^:]*:(.*)$')
            WHEN starts_with(dedupe_key, 'incident_notify:') THEN split_part(dedupe_key, ':', 4)
            ELSE dedupe_key END
     WHERE source IS NULL
    """
)
OUTBOX_KEYS = SQL(
    """
    UPDATE messaging_outbox SET dedupe_key = concat_ws(
        ':', source, coalesce(event, ''), model, res_id::text, partner_id::text, channel, coalesce(occurrence, '')
    )
    """
)


def migrate(cr, version):
    cr.execute(OUTBOX_COLUMNS)
    cr.execute(OUTBOX_FILL)
    cr.execute(OUTBOX_KEYS)
