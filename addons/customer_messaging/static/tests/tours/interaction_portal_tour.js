import { registry } from "@web/core/registry";

// A customer reads an interaction on their portal, replies to it, and sends a remark.
registry.category("web_tour.tours").add("customer_messaging_interaction_portal", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers the customer's interactions",
            trigger: "a[href='/my/interactions']",
            run: "click",
        },
        {
            content: "Only the interactions published for this customer are listed",
            trigger: ".o_cm_portal_interaction a:contains(Delivery moved to Thursday)",
            run: "click",
        },
        {
            content: "The notes are shown",
            trigger: ".o_cm_portal_notes:contains(Your order arrives on Thursday.)",
        },
        {
            trigger: "textarea#cm_reply_body",
            run: "edit Thursday suits us, thank you.",
        },
        {
            trigger: "form.o_cm_portal_reply button[type=submit]",
            run: "click",
        },
        {
            content: "The reply is in the history under the interaction",
            trigger: ".o_cm_reply_sent",
        },
        {
            trigger: ".o_cm_portal_message:contains(Thursday suits us, thank you.)",
        },
        {
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: "a[href='/my/remarks/new']",
            run: "click",
        },
        {
            trigger: "input#cm_remark_subject",
            run: "edit Friendly driver",
        },
        {
            trigger: "textarea#cm_remark_body",
            run: "edit The driver helped us unload.",
        },
        {
            trigger: "form.o_cm_portal_remark button[type=submit]",
            run: "click",
        },
        {
            content: "The remark is sent",
            trigger: ".o_cm_remark_sent",
        },
    ],
});
