import { registry } from "@web/core/registry";

// A user logs an outgoing interaction with a customer on credit hold, sees the
// indicator, then replies and makes the reply a to-do.
registry.category("web_tour.tours").add("customer_messaging_interaction_log", {
    steps: () => [
        {
            trigger: ".o_list_button_add, .o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=topic_id] input",
            run: "edit Delivery test",
        },
        {
            trigger: ".ui-menu-item a:contains(Delivery test)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Alice Acme",
        },
        {
            trigger: ".ui-menu-item a:contains(Alice Acme)",
            run: "click",
        },
        {
            content: "The customer is on credit hold: the indicator says why",
            trigger: ".o_cm_credit_hold:contains(Put on credit hold by hand)",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour: delivery confirmed",
        },
        {
            trigger: ".o_field_widget[name=direction] input[data-value=outgoing]",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Published: the customer is told by email",
            trigger: ".o_field_widget[name=publication_state]:contains(Published, email waiting)",
        },
        {
            trigger: "button.o_cm_interaction_reply",
            run: "click",
        },
        {
            trigger: ".modal .o_field_html[name=body] div.o-paragraph",
            run: "editor The truck leaves at 8.",
        },
        {
            trigger: ".modal .o_field_widget[name=task_summary] input",
            run: "edit Call back after the delivery",
        },
        {
            trigger: ".modal button.o_cm_reply_send_task",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The reply is in the history under the notes",
            trigger: ".o_cm_interaction_thread td:contains(The truck leaves at 8.)",
        },
    ],
});
