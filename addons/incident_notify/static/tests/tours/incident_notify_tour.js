import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("incident_notify_close_ticket", {
    steps: () => [
        {
            content: "The ticket's notification check boxes are on",
            trigger: ".o_field_widget[name=in_notify_closed] input:checked",
        },
        {
            content: "Close the ticket: the Done stage",
            trigger: ".o_statusbar_status button[data-value]:contains('Done')",
            run: "click",
        },
        {
            content: "The ticket is closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Done')",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
