"""Upgrade to 18.0.1.5.0: the fields the suite adds to Odoo's shared models are named
``messaging_…`` instead of the abbreviated ``cm_…`` (and the provider's own
``cm_next_slot`` is ``next_slot``); their data stays where it was."""

from odoo.addons.customer_messaging.tools.renames import rename_fields, rename_in_text

RENAMES = [
    ("mail.message", "cm_body_text", "messaging_body_text"),
    ("mail.message", "cm_channel", "messaging_channel"),
    ("mail.message", "cm_company_id", "messaging_company_id"),
    ("mail.message", "cm_customer_id", "messaging_customer_id"),
    ("mail.message", "cm_direction", "messaging_direction"),
    ("mail.message", "cm_failure", "messaging_failure"),
    ("mail.message", "cm_recipients", "messaging_recipients"),
    ("mail.message", "cm_state", "messaging_state"),
    ("mail.message", "cm_urgent", "messaging_urgent"),
    ("messaging.sms.provider", "cm_next_slot", "next_slot"),
    ("res.company", "cm_bcc_archive_email", "messaging_bcc_archive_email"),
    ("res.company", "cm_copy_by_email", "messaging_copy_by_email"),
    ("res.company", "cm_copy_by_sms", "messaging_copy_by_sms"),
    ("res.company", "cm_default_email_template_id", "messaging_default_email_template_id"),
    ("res.company", "cm_default_sms_template_id", "messaging_default_sms_template_id"),
    ("res.company", "cm_email_daily_limit", "messaging_email_daily_limit"),
    ("res.company", "cm_email_monthly_limit", "messaging_email_monthly_limit"),
    ("res.company", "cm_interaction_template_id", "messaging_interaction_template_id"),
    ("res.company", "cm_sms_daily_limit", "messaging_sms_daily_limit"),
    ("res.company", "cm_sms_history_days", "messaging_sms_history_days"),
    ("res.company", "cm_sms_history_max_months", "messaging_sms_history_max_months"),
    ("res.company", "cm_sms_history_more_months", "messaging_sms_history_more_months"),
    ("res.company", "cm_sms_hours_end", "messaging_sms_hours_end"),
    ("res.company", "cm_sms_hours_start", "messaging_sms_hours_start"),
    ("res.company", "cm_sms_max_length", "messaging_sms_max_length"),
    ("res.company", "cm_sms_monthly_limit", "messaging_sms_monthly_limit"),
    ("res.company", "cm_sms_provider_ids", "messaging_sms_provider_ids"),
    ("res.company", "cm_sms_provider_mode", "messaging_sms_provider_mode"),
    ("res.config.settings", "cm_bcc_archive_email", "messaging_bcc_archive_email"),
    ("res.config.settings", "cm_copy_by_email", "messaging_copy_by_email"),
    ("res.config.settings", "cm_copy_by_sms", "messaging_copy_by_sms"),
    ("res.config.settings", "cm_default_email_template_id", "messaging_default_email_template_id"),
    ("res.config.settings", "cm_default_sms_template_id", "messaging_default_sms_template_id"),
    ("res.config.settings", "cm_email_daily_limit", "messaging_email_daily_limit"),
    ("res.config.settings", "cm_email_monthly_limit", "messaging_email_monthly_limit"),
    ("res.config.settings", "cm_interaction_template_id", "messaging_interaction_template_id"),
    ("res.config.settings", "cm_rule_count", "messaging_rule_count"),
    ("res.config.settings", "cm_sms_daily_limit", "messaging_sms_daily_limit"),
    ("res.config.settings", "cm_sms_history_days", "messaging_sms_history_days"),
    ("res.config.settings", "cm_sms_history_max_months", "messaging_sms_history_max_months"),
    ("res.config.settings", "cm_sms_history_more_months", "messaging_sms_history_more_months"),
    ("res.config.settings", "cm_sms_hours_end", "messaging_sms_hours_end"),
    ("res.config.settings", "cm_sms_hours_start", "messaging_sms_hours_start"),
    ("res.config.settings", "cm_sms_max_length", "messaging_sms_max_length"),
    ("res.config.settings", "cm_sms_monthly_limit", "messaging_sms_monthly_limit"),
    ("res.config.settings", "cm_sms_provider_count", "messaging_sms_provider_count"),
    ("res.config.settings", "cm_sms_provider_mode", "messaging_sms_provider_mode"),
    ("res.partner", "cm_accepts_email", "messaging_accepts_email"),
    ("res.partner", "cm_accepts_sms", "messaging_accepts_sms"),
    ("res.partner", "cm_consent_log_ids", "messaging_consent_log_ids"),
    ("res.partner", "cm_credit_hold", "messaging_credit_hold"),
    ("res.partner", "cm_credit_hold_manual", "messaging_credit_hold_manual"),
    ("res.partner", "cm_credit_hold_reason", "messaging_credit_hold_reason"),
    ("res.partner", "cm_email_consent_date", "messaging_email_consent_date"),
    ("res.partner", "cm_email_consent_source", "messaging_email_consent_source"),
    ("res.partner", "cm_email_history_ids", "messaging_email_history_ids"),
    ("res.partner", "cm_interaction_count", "messaging_interaction_count"),
    ("res.partner", "cm_mobile_e164", "messaging_mobile_e164"),
    ("res.partner", "cm_sms_consent_date", "messaging_sms_consent_date"),
    ("res.partner", "cm_sms_consent_source", "messaging_sms_consent_source"),
    ("res.partner", "cm_sms_history_can_load_more", "messaging_sms_history_can_load_more"),
    ("res.partner", "cm_sms_history_ids", "messaging_sms_history_ids"),
    ("res.partner", "cm_sms_history_more", "messaging_sms_history_more"),
    ("res.partner", "cm_sms_history_since", "messaging_sms_history_since"),
    ("sms.sms", "cm_attempts", "messaging_attempts"),
    ("sms.sms", "cm_claimed_at", "messaging_claimed_at"),
    ("sms.sms", "cm_company_id", "messaging_company_id"),
    ("sms.sms", "cm_failure_reason", "messaging_failure_reason"),
    ("sms.sms", "cm_next_try_at", "messaging_next_try_at"),
    ("sms.sms", "cm_provider_id", "messaging_provider_id"),
    ("sms.sms", "cm_provider_message_id", "messaging_provider_message_id"),
]


# buttons of the module's views call these methods: renamed in the views kept in the
# database too, which Odoo checks before it reads the module's later view files again
METHOD_RENAMES = [
    ("action_cm_open", "action_messaging_open"),
    ("action_cm_open_interactions", "action_messaging_open_interactions"),
    ("action_cm_open_planned", "action_messaging_open_planned"),
    ("action_cm_open_rules", "action_messaging_open_rules"),
    ("action_cm_open_sms_providers", "action_messaging_open_sms_providers"),
    ("action_cm_preview", "action_preview"),
    ("action_cm_reply", "action_reply"),
    ("action_cm_send_proof", "action_send_proof"),
    ("action_cm_write_email", "action_messaging_write_email"),
    ("action_cm_write_sms", "action_messaging_write_sms"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
        for old, new in METHOD_RENAMES:
            rename_in_text(cr, old, new)
