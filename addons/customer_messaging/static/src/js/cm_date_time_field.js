/** @odoo-module **/
// A date column that shows the day and, on hover, the time (the customer history).
import { registry } from "@web/core/registry";
import { DateTimeField, dateTimeField } from "@web/views/fields/datetime/datetime_field";
import { formatDate, formatDateTime } from "@web/core/l10n/dates";
import { Component } from "@odoo/owl";

export class CmDateTimeField extends Component {
    static template = "customer_messaging.CmDateTimeField";
    static props = { ...DateTimeField.props };

    get value() {
        return this.props.record.data[this.props.name];
    }
    get day() {
        return this.value ? formatDate(this.value) : "";
    }
    get full() {
        return this.value ? formatDateTime(this.value) : "";
    }
}

registry.category("fields").add("cm_date_time", {
    ...dateTimeField,
    component: CmDateTimeField,
});
