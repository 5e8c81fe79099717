import { registry } from "@web/core/registry";

// From one customer's form: Action › Notify Unpaid Invoices, untick an invoice, send,
// and read what was sent.
registry.category("web_tour.tours").add("debtor_notify_from_customer", {
    steps: () => [
        {
            content: "Open the Action menu of the customer",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Notify Unpaid Invoices)",
            run: "click",
        },
        {
            content: "Both overdue invoices are listed, ticked",
            trigger: ".modal .o_debtor_invoice_count:contains(2)",
        },
        {
            trigger: ".modal .o_debtor_recipient_count:contains(1)",
        },
        {
            content: "Untick the second invoice",
            trigger: ".modal .o_data_row:eq(1) .o_field_boolean_toggle input",
            run: "click",
        },
        {
            trigger: ".modal .o_debtor_invoice_count:contains(1)",
        },
        {
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "The wizard tells what was sent",
            trigger: ".modal .o_debtor_result:contains(1 reminder(s) sent, 1 invoice(s))",
        },
        {
            trigger: ".modal .modal-footer button:contains(Close)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
