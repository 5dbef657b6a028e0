// Data reference: the reporting views analysts query, with what every column means.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { unavailable } from "./queues.js";

export class DataReferenceView {
    constructor() {
        this.body = h("div", {});
        this.node = h("div", { class: "page data-reference" },
            h("section", { class: "card", "aria-labelledby": "data-reference-heading" },
                h("h2", { id: "data-reference-heading" }, "Data reference"),
                h("p", { class: "hint" }, "The reporting views analysts query with SQL — the old spreadsheet's tabs and columns, one row per session."),
                this.body));
        this.loaded = false;
    }

    async show() {
        if (this.loaded) return;
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            const { views } = await api.get("/data-reference", { quiet: true });
            this.loaded = true;
            replace(this.body, views.map((view) => h("details", { class: "reference-view", "data-testid": "reference-view" },
                h("summary", {}, h("code", {}, `reporting.${view.name}`), view.description ? ` — ${view.description}` : ""),
                h("div", { class: "table-wrap" }, h("table", { class: "table" },
                    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Column"), h("th", { scope: "col" }, "Type"), h("th", { scope: "col" }, "Description"))),
                    h("tbody", {}, view.columns.map((c) => h("tr", {},
                        h("td", {}, h("code", {}, c.name)), h("td", { class: "mono" }, c.type ?? ""), h("td", {}, c.description ?? "")))))))));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }
}
