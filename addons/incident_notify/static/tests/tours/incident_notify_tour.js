import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("incident_notify_close_ticket", {
    steps: () => [
        {
            content: "The ticket's notification check boxes are on",
            trigger: ".o_field_widget[name=incident_notify_closed] input:checked",
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
            content: "The rating widget's settings",
            trigger: "#rw_rating_widget input[data-value='stars']:checked",
        },
        {
            content: "The suite's settings link to the ticket notices, in the Helpdesk settings",
            trigger: "#in_ticket_notices_link button[name=action_incident_notify_open_helpdesk_settings]",
            run: "click",
        },
        {
            content: "The ticket notices are in the Helpdesk settings",
            trigger: ".app_settings_block[data-key=helpdesk_mgmt] #incident_notify_created",
        },
        {
            content: "The ticket created notice: on",
            trigger: "#incident_notify_created input[type=checkbox]:checked",
        },
        {
            content: "Its message shows the observations (the body, not the setting's help)",
            trigger: "#incident_notify_created .o_field_widget[name=incident_notify_created_body]:contains('@OBSERVATIONS@')",
        },
        {
            content: "The ticket closed notice: on",
            trigger: "#incident_notify_closed input[type=checkbox]:checked",
        },
        {
            content: "Its message carries the rating widget",
            trigger: "#incident_notify_closed .o_field_widget[name=incident_notify_closed_body]:contains('@WIDGETVALUATION@')",
        },
    ],
});
