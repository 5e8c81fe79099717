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

registry.category("web_tour.tours").add("incident_notify_settings", {
    steps: () => [
        {
            content: "The ticket created notice: on, with the observations",
            trigger: "#in_notify_created:contains('@OBSERVATIONS@') input[type=checkbox]:checked",
        },
        {
            content: "The ticket closed notice: on, with the rating widget",
            trigger: "#in_notify_closed:contains('@WIDGETVALUATION@') input[type=checkbox]:checked",
        },
        {
            content: "The rating widget's settings",
            trigger: "#rw_rating_widget input[data-value='stars']:checked",
        },
    ],
});
