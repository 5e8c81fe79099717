/** @odoo-module **/
// The progress bar of a bulk send that is running: it refreshes itself (counts,
// summary, state) every few seconds, so the user watches it move without reloading.
import { registry } from "@web/core/registry";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";
import { onWillUnmount } from "@odoo/owl";

const REFRESH_MS = 3000;

export class CmBulkProgressField extends ProgressBarField {
    setup() {
        super.setup();
        this.timer = setInterval(() => this.refresh(), REFRESH_MS);
        onWillUnmount(() => clearInterval(this.timer));
    }
    async refresh() {
        const record = this.props.record;
        if (record.data.state !== "running" || record.dirty || record.isNew) {
            return;
        }
        await record.load();
    }
}

registry.category("fields").add("cm_bulk_progress", {
    ...progressBarField,
    component: CmBulkProgressField,
    fieldDependencies: [{ name: "state", type: "selection" }],
});
