/** @odoo-module **/
// "Load more" for the customer's SMS tab: reaches further back in the open form
// (same tab, no new breadcrumb, nothing saved).
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";
import { Component } from "@odoo/owl";

export class CmLoadMore extends Component {
    static template = "customer_messaging.CmLoadMore";
    static props = { ...standardFieldProps };

    async loadMore() {
        const value = this.props.record.data[this.props.name] || 0;
        await this.props.record.update({ [this.props.name]: value + 1 });
    }
}

registry.category("fields").add("cm_load_more", {
    component: CmLoadMore,
    supportedTypes: ["integer"],
});
