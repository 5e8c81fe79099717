import { registry } from "@web/core/registry";

// A customer, logged out, pays everything due from the reminder's page: Odoo's own
// payment form starts the transaction through the reminder's route, then hands over to
// the provider (the test's provider sends them back to the reminder).
registry.category("web_tour.tours").add("debtor_notify_pay_all", {
    steps: () => [
        {
            content: "The reminder offers one payment of everything due",
            trigger: "a.o_debtor_pay_all_button:contains(575.00)",
            run: "click",
        },
        {
            content: "The payment page says what is paid",
            trigger: ".o_debtor_pay_all_amount:contains(575.00)",
        },
        {
            content: "Choose the payment method",
            trigger: "#o_payment_form input[name=o_payment_radio]",
            run: "click",
        },
        {
            trigger: "button[name=o_payment_submit_button]:not(:disabled):contains(575.00)",
            run: "click",
        },
        {
            content: "The provider took over, then sent the customer back to the reminder",
            trigger: "table.o_debtor_documents",
        },
    ],
});
