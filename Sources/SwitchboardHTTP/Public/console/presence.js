// Presence: a heartbeat every 2 minutes while the console is open, and who is online.

import { api } from "./api.js";
import { h, replace } from "./dom.js";

const HEARTBEAT_MS = 2 * 60 * 1000;
/** Colleagues come and go between our own beats; the list is read again this often. */
const LIST_REFRESH_MS = 30 * 1000;

export class Presence {
    constructor() {
        this.agents = [];
        this.fetched = 0;
        this.list = h("ul", { class: "agents-online", "data-testid": "agents-online" });
        this.node = h("section", { class: "presence", "aria-labelledby": "presence-heading" },
            h("h2", { id: "presence-heading", class: "pane-title" }, "Agents online"), this.list);
    }

    start() {
        // The list is read after our own beat is stored, so it includes us.
        const beat = async () => {
            await api.post("/presence/heartbeat", {}, { quiet: true }).catch(() => {});
            await this.refresh();
        };
        beat();
        setInterval(beat, HEARTBEAT_MS);
        setInterval(() => this.refresh(), LIST_REFRESH_MS);
    }

    /** The organisation's agents, fetched at most every 15 s unless forced. */
    async all(force = false) {
        if (force || Date.now() - this.fetched > 15000) await this.refresh();
        return this.agents;
    }

    async refresh() {
        try {
            const { agents } = await api.get("/agents", { quiet: true });
            this.agents = agents;
            this.fetched = Date.now();
        } catch {
            return;
        }
        const online = this.agents.filter((a) => a.online);
        replace(this.list, online.length
            ? online.map((a) => h("li", {}, h("span", { class: "online-dot", "aria-hidden": "true" }), a.displayName,
                a.role !== "agent" ? h("span", { class: "role" }, a.role) : null))
            : h("li", { class: "hint" }, "No one is online."));
    }
}
