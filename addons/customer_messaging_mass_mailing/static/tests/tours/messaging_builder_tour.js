/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A template designed by drag and drop: the "Blocks" design opens Odoo's email
 * designer; a title block is dropped in and a tag is inserted from the "/" menu.
 */
registry.category("web_tour.tours").add("customer_messaging_builder", {
    url: "/odoo/action-customer_messaging.messaging_template_action/new",
    steps: () => [
        {
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Drag and drop welcome",
        },
        {
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit Welcome @CUSTOMERNAME@",
        },
        {
            content: "choose the Blocks design",
            trigger: ".o_field_widget[name='design'] input[data-value='blocks']",
            run: "click",
        },
        {
            content: "start from scratch",
            trigger: "[name='body_arch'] :iframe #empty",
            run: "click",
        },
        {
            content: "wait for the designer",
            trigger:
                "[name='body_arch'] :iframe .o_editable[data-editor-message='DRAG BUILDING BLOCKS HERE']",
        },
        {
            content: "the panel of blocks is on screen, beside the email",
            trigger: "[name='body_arch'] #oe_snippets .oe_snippet_thumbnail",
            run() {
                const panel = document.querySelector("[name='body_arch'] #oe_snippets");
                const box = panel.getBoundingClientRect();
                if (box.width < 100 || box.height < 400 || box.left < 0 || box.right > window.innerWidth + 1) {
                    throw new Error(
                        `The panel of blocks is off screen or cramped: ${box.left}-${box.right} of ` +
                            `${window.innerWidth}, ${box.height}px tall`
                    );
                }
            },
        },
        {
            content: "drag a title block into the email",
            trigger: "[name='body_arch'] #oe_snippets [name='Title'] .oe_snippet_thumbnail",
            async run(helpers) {
                await helpers.drag_and_drop("[name='body_arch'] :iframe .o_editable", {
                    position: { top: 340 },
                });
            },
        },
        {
            content: "wait for the drop to finish",
            trigger: "body:not(:has(.o_we_ongoing_insertion))",
        },
        {
            content: "write in the title",
            trigger: "[name='body_arch'] :iframe .o_editable h1",
            async run(actions) {
                await actions.editor("/");
                this.anchor
                    .closest(".odoo-editor-editable")
                    .dispatchEvent(new InputEvent("input", { inputType: "insertText", data: "/" }));
            },
        },
        {
            content: "the customer's name is offered among the tags",
            trigger: ".oe-powerbox-wrapper .oe-powerbox-commandWrapper:contains('@CUSTOMERNAME@')",
            run: "click",
        },
        {
            trigger: "[name='body_arch'] :iframe .o_editable h1:contains('@CUSTOMERNAME@')",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name']",
            run: "click",
        },
        ...stepUtils.saveForm(),
    ],
});
