/** @odoo-module **/
// Odoo's SMS text field with one counter, as the customer's phone counts it (GSM-7
// extension characters count twice), that turns red and stops the text at the
// company's maximum length; updated on every keystroke and paste.
import { registry } from "@web/core/registry";
import { SmsWidget, smsWidget } from "@sms/components/sms_widget/fields_sms_widget";
import { useEffect, useState } from "@odoo/owl";

const GSM7 = new RegExp(
    "^[@£$¥èéùìòÇ\\nØø\\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,\\-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\\\\\[~\\]|€]*$"
);
const GSM7_EXTENSION = /[\^{}\\[~\]|€]/g;
const GSM7_EXTENSION_CHAR = /[\^{}\\[~\]|€]/;

export class CmSmsWidget extends SmsWidget {
    static template = "customer_messaging.CmSmsWidget";

    setup() {
        super.setup();
        // the text as typed, before Odoo commits it to the record (on change / blur)
        this.typed = useState({ value: null });
        useEffect(
            (el) => {
                if (!el) {
                    return;
                }
                const onTyping = () => {
                    const cut = this._cut(el.value);
                    if (cut !== el.value) {
                        const caret = Math.min(el.selectionStart, cut.length);
                        el.value = cut;
                        el.setSelectionRange(caret, caret);
                    }
                    this.typed.value = el.value;
                };
                el.addEventListener("input", onTyping);
                return () => el.removeEventListener("input", onTyping);
            },
            () => [this.targetEditElement.el]
        );
        useEffect(
            () => {
                this.typed.value = null; // the record holds the text again
            },
            () => [this.props.record.data[this.props.name]]
        );
    }

    get text() {
        return this.typed.value ?? (this.props.record.data[this.props.name] || "");
    }

    get maxChars() {
        return this.props.record.data.sms_max_length || 0;
    }
    get isGsm7() {
        return GSM7.test(this.text);
    }
    get encodingLabel() {
        return this.isGsm7 ? "GSM-7" : "Unicode";
    }
    get nbrChar() {
        const content = this.text;
        if (!this.isGsm7) {
            return content.length; // UCS-2 code units, as the phone counts them
        }
        return content.length + (content.match(GSM7_EXTENSION) || []).length;
    }
    get nbrSMS() {
        return this._countSMS(this.nbrChar, this.isGsm7 ? "GSM7" : "UNICODE");
    }
    get atLimit() {
        return this.maxChars > 0 && this.nbrChar >= this.maxChars;
    }
    /** The text cut at the maximum length (counted as above). */
    _cut(value) {
        const max = this.maxChars;
        if (!max) {
            return value;
        }
        const gsm = GSM7.test(value);
        let count = 0;
        let end = 0;
        for (const char of value) {
            const size = gsm ? (GSM7_EXTENSION_CHAR.test(char) ? 2 : 1) : char.length;
            if (count + size > max) {
                // never half a tag: "@CUSTO" would reach the customer as it is
                return value.slice(0, end).replace(/@[A-Z0-9_]*$/, "");
            }
            count += size;
            end += char.length;
        }
        return value;
    }
}

registry.category("fields").add("cm_sms_widget", {
    ...smsWidget,
    component: CmSmsWidget,
    fieldDependencies: [{ name: "sms_max_length", type: "integer" }],
});
