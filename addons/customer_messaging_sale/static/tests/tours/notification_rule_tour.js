import { registry } from "@web/core/registry";

// An administrator sets up "SMS when the order is confirmed" from Settings, confirms
// an order, and finds the notification in the order's chatter.
registry.category("web_tour.tours").add("customer_messaging_notification_rule", {
    steps: () => [
        {
            content: "Settings › Customer Notifications › Notification Rules",
            trigger: "button[name=action_messaging_open_rules]",
            run: "click",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=model_id] input",
            run: "edit Sales Order",
        },
        {
            trigger: ".o_field_widget[name=model_id] .o-autocomplete--dropdown-item a:contains(Sales Order)",
            run: "click",
        },
        {
            content: "The document type is chosen (its dropdown closed)",
            trigger: ".o_field_widget[name=model_id]:not(:has(.o-autocomplete--dropdown-menu)) input:value(Sales Order)",
        },
        {
            trigger: ".o_field_widget[name=trigger] select",
            run: 'select "status_to"',
        },
        {
            content: "The states of a sale order are offered",
            trigger: ".o_field_widget[name=status_selection_id] input",
            run: "edit Sales",
        },
        {
            trigger: ".o_field_widget[name=status_selection_id] .o-autocomplete--dropdown-item a:contains(Sales Order)",
            run: "click",
        },
        {
            content: "The status is chosen",
            trigger: ".o_field_widget[name=status_selection_id] input:value(Sales Order)",
        },
        {
            trigger: ".o_field_widget[name=channel] input[data-value=sms]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=template_id] input",
            run: "edit Tour confirmed",
        },
        {
            trigger: ".o_field_widget[name=template_id] .o-autocomplete--dropdown-item a:contains(Tour confirmed)",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
    ],
});

registry.category("web_tour.tours").add("customer_messaging_notification_chatter", {
    steps: () => [
        {
            content: "Confirm the order",
            trigger: "button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The confirmation SMS is planned, in the order's chatter",
            trigger: ".o-cm-Notifications .o-cm-Notification[data-state=pending]:contains(Tour rule)",
        },
        {
            trigger: ".o-cm-Notification-cancel",
            run: "click",
        },
        {
            content: "Cancelled by the manager, with the reason",
            trigger: ".o-cm-Notification[data-state=cancelled] .o-cm-Notification-why:contains(Cancelled by)",
        },
    ],
});
