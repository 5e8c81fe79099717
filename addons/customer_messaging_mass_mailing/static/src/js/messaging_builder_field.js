/** @odoo-module **/

import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import {
    MassMailingHtmlField,
    massMailingHtmlField,
} from "@mass_mailing/js/mass_mailing_html_field";

/**
 * Odoo's email designer (mass_mailing) on a customer message template: the same
 * snippets and themes, and the template's tags (@CUSTOMERNAME@...) in the "/" menu.
 */
// the designer is at least this tall, its panel of blocks with it (Odoo sizes it to the
// email, which is short while empty, and to what is left of the window below the form)
const MIN_HEIGHT = 720;

export class MessagingBuilderField extends MassMailingHtmlField {
    _resizeMailingEditorIframe() {
        super._resizeMailingEditorIframe();
        const wrapper = this.iframe && this.iframe.parentNode;
        if (wrapper && !this._isFullScreen() && parseFloat(wrapper.style.height || "0") < MIN_HEIGHT) {
            wrapper.style.height = `${MIN_HEIGHT}px`;
        }
    }

    get wysiwygOptions() {
        const options = super.wysiwygOptions;
        const category = _t("Tags");
        const tags = this.props.record.data.messaging_builder_tags || [];
        const items = tags.map((tag) => ({
            category,
            name: `@${tag.name}@`,
            priority: 100,
            description: tag.description,
            fontawesome: "fa-tag",
            callback: () => {
                this.wysiwyg.odooEditor.execCommand("insert", `@${tag.name}@`);
            },
        }));
        return {
            ...options,
            powerboxCategories: [
                ...(options.powerboxCategories || []),
                { name: category, priority: 100 },
            ],
            powerboxItems: [...(options.powerboxItems || []), ...items],
        };
    }
}

export const messagingBuilderField = {
    ...massMailingHtmlField,
    component: MessagingBuilderField,
    displayName: _t("Email designer"),
    // Odoo's designer lays its block panel out by this class (mass_mailing's styles)
    additionalClasses: [...(massMailingHtmlField.additionalClasses || []), "o_field_mass_mailing_html"],
};

registry.category("fields").add("messaging_builder", messagingBuilderField);
