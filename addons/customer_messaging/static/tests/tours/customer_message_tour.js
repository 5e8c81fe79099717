import { registry } from "@web/core/registry";

// A user writes an SMS and an email from the customer's form, then finds both in
// the customer's history tabs.
registry.category("web_tour.tours").add("customer_messaging_write_and_history", {
    steps: () => [
        {
            content: "The SMS button sits beside the mobile number",
            trigger: "button.o_cm_write_sms",
            run: "click",
        },
        {
            content: "The default SMS template fills the text",
            trigger: ".modal div[name=sms_body] textarea:value(Hello Tour Customer)",
        },
        {
            trigger: ".modal div[name=sms_body] textarea",
            run: "edit Tour SMS: your car is ready",
        },
        {
            content: "Characters and segments are counted",
            trigger: ".modal .o_cm_sms_info:contains(1 SMS)",
        },
        {
            trigger: ".modal button.o_cm_send",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The Email button sits beside the email address",
            trigger: "button.o_cm_write_email",
            run: "click",
        },
        {
            content: "The default email template fills the subject",
            trigger: ".modal div[name=subject] input:value(Hello Tour Customer)",
        },
        {
            trigger: ".modal div[name=subject] input",
            run: "edit Tour email about your car",
        },
        {
            trigger: ".modal button.o_cm_send",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Open the Email history",
            trigger: ".o_notebook .nav-link[name=cm_email_history]",
            run: "click",
        },
        {
            content: "The email is in the history",
            trigger: ".o_cm_email_history td:contains(Tour email about your car)",
        },
        {
            content: "The date shows the time on hover",
            trigger: ".o_cm_email_history span.o_cm_date_time[title*=':']",
        },
        {
            content: "Open the SMS history",
            trigger: ".o_notebook .nav-link[name=cm_sms_history]",
            run: "click",
        },
        {
            content: "The SMS is in the history",
            trigger: ".o_cm_sms_history td:contains(Tour SMS: your car is ready)",
        },
    ],
});
