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
            content: "The default SMS template fills the text, its tags shown replaced in the preview",
            trigger: ".modal .o_cm_composer_preview:contains(Hello Tour Customer)",
        },
        {
            content: "A text longer than the maximum is stopped at it",
            trigger: ".modal div[name=sms_body] textarea",
            run: `edit ${"x".repeat(400)}`,
        },
        {
            content: "The counter turns red at the limit",
            trigger: ".modal .o_cm_sms_count.text-danger:contains(314 / 314 characters)",
        },
        {
            trigger: ".modal div[name=sms_body] textarea",
            run: "edit Tour SMS: your car is ready",
        },
        {
            content: "One counter: characters against the maximum, and segments",
            trigger: ".modal .o_cm_sms_count:not(.text-danger):contains(27 / 314 characters):contains(1 SMS (GSM-7))",
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
            content: "The default email template fills the subject; the preview shows it for the customer",
            trigger: ".modal .o_cm_composer_preview:contains(Hello Tour Customer)",
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
