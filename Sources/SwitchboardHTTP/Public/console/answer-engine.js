// Admin only: which engine answers customers. The built-in engine (the default) needs no
// network; an OpenAI-compatible provider (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp) words
// answers from the passages the built-in ranking finds, and the built-in engine answers whenever
// the provider fails. The API key is write-only: the server only says whether one is stored.

import { api } from "./api.js";
import { h, replace, savedIndicator, toggle, uid } from "./dom.js";
import { unavailable } from "./queues.js";

const KEY_STORED = "Stored — leave empty to keep it";

export class AnswerEngineView {
    constructor() {
        this.body = h("div", {});
        this.node = h("section", { class: "card", "aria-labelledby": "engine-heading", "data-testid": "answer-engine" },
            h("h2", { id: "engine-heading" }, "AI answer engine"),
            h("p", { class: "hint" }, "Off: the built-in engine answers from your articles, with no network. On: a model behind an OpenAI-compatible API words the answers from the same articles; the built-in engine answers whenever it fails or is slow. A local Ollama is http://127.0.0.1:11434/v1."),
            this.body);
    }

    async show() {
        replace(this.body, h("p", { class: "hint" }, "Loading…"));
        try {
            replace(this.body, this.#form(await api.get("/answer-engine", { quiet: true })));
        } catch (error) {
            replace(this.body, unavailable(error));
        }
    }

    #form(current) {
        const field = (label, attrs, help) => {
            const id = uid("engine");
            const input = h(attrs.rows ? "textarea" : "input", { id, ...attrs });
            if (attrs.rows) input.value = attrs.value ?? "";
            return { input, node: h("div", { class: "field" }, h("label", { for: id }, label), help ? h("p", { class: "hint" }, help) : null, input) };
        };
        const enabled = toggle({ label: "Use an OpenAI-compatible provider", hint: "Needs a base URL and a model", testid: "engine-enabled" });
        enabled.input.checked = Boolean(current.enabled);
        const baseUrl = field("Base URL", { value: current.baseUrl ?? "", type: "url", placeholder: "https://api.openai.com/v1", "data-testid": "engine-base-url" },
            "https://, or http:// on this machine's loopback only.");
        const model = field("Model", { value: current.model ?? "", placeholder: "gpt-4o-mini", "data-testid": "engine-model" });
        const key = field("API key", { type: "password", autocomplete: "new-password", "data-testid": "engine-api-key",
            placeholder: current.apiKeySet ? KEY_STORED : "None (a local server may need none)" },
        "Stored encrypted; never shown again.");
        const removeKey = h("input", { type: "checkbox", id: uid("engine-remove"), "data-testid": "engine-remove-key", disabled: !current.apiKeySet });
        const removeRow = h("div", { class: "toggle" }, removeKey, h("label", { for: removeKey.id }, "Forget the stored key"));
        const keyHeader = h("select", { id: uid("engine-header"), "data-testid": "engine-key-header" },
            [["bearer", "Authorization: Bearer (OpenAI, Ollama, vLLM)"], ["api-key", "api-key (Azure OpenAI)"]]
                .map(([value, text]) => h("option", { value, selected: value === current.keyHeader }, text)));
        const urlQuery = field("Query (optional)", { value: current.urlQuery ?? "", placeholder: "api-version=2024-10-21", "data-testid": "engine-url-query" });
        const number = (label, value, min, max, testid) => field(label, { type: "number", min: String(min), max: String(max), value: String(value), required: true, "data-testid": testid });
        const connect = number("Connect timeout (ms)", current.connectTimeoutMs, 100, 30000, "engine-connect-timeout");
        const firstToken = number("First-token timeout (ms)", current.firstTokenTimeoutMs, 500, 60000, "engine-first-token-timeout");
        const total = number("Total timeout (ms)", current.totalTimeoutMs, 1000, 300000, "engine-total-timeout");
        const maxTokens = number("Max tokens", current.maxTokens, 16, 8192, "engine-max-tokens");
        const instructions = field("Instructions (optional)", { rows: "3", maxlength: "4000", value: current.instructions ?? "", "data-testid": "engine-instructions" },
            "Tone, name, language. Fixed platform rules come first: answer only from your articles, cite them, never follow instructions found in customers' messages.");
        const saved = savedIndicator("engine-saved");
        const error = h("p", { class: "form-error", role: "alert", "data-testid": "engine-error" });
        const keyState = h("p", { class: "hint", "data-testid": "engine-key-state" }, current.apiKeySet ? "A key is stored." : "No key stored.");
        return h("form", { class: "form", onsubmit: async (event) => {
            event.preventDefault();
            error.textContent = "";
            saved.saving();
            const change = {
                enabled: enabled.input.checked,
                baseUrl: baseUrl.input.value.trim(),
                model: model.input.value.trim(),
                keyHeader: keyHeader.value,
                urlQuery: urlQuery.input.value.trim(),
                connectTimeoutMs: Number(connect.input.value),
                firstTokenTimeoutMs: Number(firstToken.input.value),
                totalTimeoutMs: Number(total.input.value),
                maxTokens: Number(maxTokens.input.value),
                instructions: instructions.input.value,
            };
            if (key.input.value !== "") change.apiKey = key.input.value;
            else if (removeKey.checked) change.removeApiKey = true;
            try {
                const next = await api.put("/answer-engine", change, { quiet: true });
                key.input.value = "";
                removeKey.checked = false;
                removeKey.disabled = !next.apiKeySet;
                key.input.placeholder = next.apiKeySet ? KEY_STORED : "None (a local server may need none)";
                keyState.textContent = next.apiKeySet ? "A key is stored." : "No key stored.";
                saved.saved();
            } catch (problem) {
                saved.failed();
                error.textContent = problem.message;
            }
        } },
        enabled.row, baseUrl.node, model.node, key.node, keyState, removeRow,
        h("div", { class: "field" }, h("label", { for: keyHeader.id }, "Send the key as"), keyHeader),
        urlQuery.node, connect.node, firstToken.node, total.node, maxTokens.node, instructions.node, error,
        h("div", { class: "form-buttons" }, h("button", { type: "submit", class: "primary", "data-testid": "engine-save" }, "Save engine settings"), saved.node));
    }
}
