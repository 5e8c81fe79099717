/** The automatic notifications of a document, in its chatter (planned, sent, skipped and why). */
import { Chatter } from "@mail/chatter/web_portal/chatter";
import { Thread } from "@mail/core/common/thread_model";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime, formatDateTime } from "@web/core/l10n/dates";
import { patch } from "@web/core/utils/patch";
import { useService } from "@web/core/utils/hooks";

patch(Thread.prototype, {
    setup() {
        super.setup();
        /** plain values sent by mail.thread._thread_to_store with the scheduled messages */
        this.cmNotifications = [];
    },
});

patch(Chatter.prototype, {
    setup() {
        super.setup();
        this.cmOrm = useService("orm");
        this.state.cmShowNotifications = true;
    },

    get cmNotifications() {
        return this.state.thread?.cmNotifications ?? [];
    },

    get cmPendingCount() {
        return this.cmNotifications.filter((row) => row.state === "pending").length;
    },

    cmWhen(row) {
        const moment = row.state === "done" && row.sentAt ? row.sentAt : row.plannedAt;
        return moment ? formatDateTime(deserializeDateTime(moment)) : "";
    },

    cmStateText(row) {
        return row.state === "pending" ? _t("planned for %s", this.cmWhen(row)) : row.stateLabel;
    },

    cmToggleNotifications() {
        this.state.cmShowNotifications = !this.state.cmShowNotifications;
    },

    async cmCancel(row) {
        await this.cmOrm.call("messaging.outbox", "action_cancel", [[row.id]]);
        await this.load(this.state.thread, ["scheduledMessages"]);
    },
});
