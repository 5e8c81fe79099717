import { registry } from "@web/core/registry";

// An administrator sets up the sandbox SMS provider from Settings and switches the
// company to its own providers.
registry.category("web_tour.tours").add("customer_messaging_sms_provider_settings", {
    steps: () => [
        {
            content: "Odoo IAP is the default",
            trigger: "div[name=messaging_sms_provider_mode] input[data-value=iap]:checked",
        },
        {
            content: "Open the SMS providers",
            trigger: "button[name=action_messaging_open_sms_providers]",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: "div[name=name] input",
            run: "edit Sandbox from the tour",
        },
        {
            content: "The sandbox is the default kind",
            trigger: "div[name=kind] input[data-value=sandbox]:checked",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Back to Settings",
            trigger: ".o_breadcrumb a:contains(Settings)",
            run: "click",
        },
        {
            trigger: "div[name=messaging_sms_provider_mode] input[data-value=own]",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the company now sends through its own providers",
            trigger: "div[name=messaging_sms_provider_mode] input[data-value=own]:checked",
        },
        {
            content: "Let the reloaded page finish its requests before the tour ends",
            trigger: ".o_form_view:not(.o_form_dirty)",
            async run() {
                await new Promise((resolve) => setTimeout(resolve, 1000));
            },
        },
    ],
});
