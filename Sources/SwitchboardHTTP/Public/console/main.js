// The console's entry point: loads the signed-in agent, builds the views, keeps the conversation
// list live over the agent socket and switches views with the URL's hash (#/conversations/ID).

import { api, ApiError, onError, setCsrfToken, signIn } from "./api.js";
import { h, replace } from "./dom.js";
import { askForNotifications, notificationsSupported, notifyNeedsHuman, unlockSound } from "./alerts.js";
import { ContactHistory } from "./history.js";
import { LabelEditor } from "./labels.js";
import { MentionNotice } from "./notes.js";
import { ConversationSearchBox } from "./search.js";
import { customerLabel, sameId } from "./format.js";
import { ConversationStore } from "./store.js";
import { AgentSocket } from "./socket.js";
import { ConversationList } from "./list.js";
import { TranscriptView } from "./transcript.js";
import { DetailsPanel } from "./details.js";
import { CloseDialog } from "./close-dialog.js";
import { Presence } from "./presence.js";
import { QueuesView } from "./queues.js";
import { SettingsView } from "./settings.js";
import { CleanupView } from "./cleanup.js";
import { AuditView, SingleSignOnView, TeamView } from "./administration.js";
import { WebhooksView } from "./webhooks.js";
import { AnswerEngineView } from "./answer-engine.js";
import { EmailSettingsView } from "./email-settings.js";
import { AssignmentView } from "./assignment.js";
import { APIKeysView } from "./api-keys.js";
import { TestPlanView } from "./testplan.js";
import { PlaybookView } from "./playbook.js";
import { KnowledgeBaseView } from "./knowledge-base.js";
import { DataReferenceView } from "./data-reference.js";
import { AnalyticsView } from "./analytics.js";
import { ProfileView } from "./profile.js";

const $ = (id) => document.getElementById(id);

const CONNECTION_TEXT = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…" };

function showAlert(message) {
    $("alert-text").textContent = message;
    $("alert").hidden = false;
}

async function start() {
    onError(showAlert);
    $("alert-dismiss").addEventListener("click", () => { $("alert").hidden = true; });

    let session;
    try {
        session = await api.get("/me", { quiet: true });
    } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        replace($("loading"), "The console could not load your account: ", error.message, " ",
            h("a", { href: "/console/login" }, "Sign in again"));
        return;
    }
    setCsrfToken(session.csrfToken);
    const app = new Console(session);
    app.mount();
}

class Console {
    constructor(session) {
        this.me = session.agent;
        this.organisation = session.organisation;
        this.store = new ConversationStore({ agentId: this.me.id, onNeedsHuman: (c) => this.#needsHuman(c) });
        this.presence = new Presence();
        this.details = new DetailsPanel({ store: this.store });
        this.closeDialog = new CloseDialog({ store: this.store, details: this.details });
        this.socket = new AgentSocket({
            onFrame: (frame) => this.store.applyFrame(frame),
            onResync: () => this.#resync(),
            onState: (state) => this.#connection(state),
        });
        this.transcript = new TranscriptView({
            store: this.store,
            me: this.me,
            agents: () => this.presence.all(true),
            onClose: (c, opener) => this.closeDialog.open(c, opener),
            onLoaded: (data) => {
                this.details.show(data);
                this.labelEditor.show(data?.conversation ?? null);
                this.history.show(data?.conversation?.id ?? null);
            },
            sendTyping: (id) => this.socket.sendTyping(id),
            onBack: () => { window.location.hash = "#/conversations"; },
        });
        this.list = new ConversationList(this.store, (id) => { window.location.hash = `#/conversations/${id}`; });
        this.search = new ConversationSearchBox({ list: this.list, onSelect: (id) => { window.location.hash = `#/conversations/${id}`; } });
        this.history = new ContactHistory({ openConversation: (id) => { window.location.hash = `#/conversations/${id}`; } });
        this.labelEditor = new LabelEditor();
        this.details.node.append(this.labelEditor.node, this.history.node);
        // Another agent's label change arrives as the conversation's new state.
        this.store.subscribe(() => {
            const open = this.transcript.conversation;
            if (open && open.id === this.labelEditor.conversationId) this.labelEditor.show(open);
        });
        const insert = (text) => {
            if (this.transcript.conversation?.mode === "live" && sameId(this.transcript.conversation.ownerId, this.me.id)) {
                if (!this.#onConversations()) window.location.hash = `#/conversations/${this.transcript.id}`;
                this.transcript.insert(text);
            } else {
                showAlert("Take over a conversation first; then Insert puts the answer into your reply.");
            }
        };
        this.sidePlaybook = new PlaybookView({ me: this.me, onInsert: insert, compact: true });
        const openConversation = (id) => { window.location.hash = `#/conversations/${id}`; };
        this.mentions = new MentionNotice({ openConversation });
        this.store.onMessage((_, message, frame) => {
            if (!message && frame.type === "note" && frame.note?.mentions?.some((id) => sameId(id, this.me.id))) this.#mentioned(frame.note);
        });
        this.views = {
            queues: new QueuesView({ openConversation }),
            playbook: new PlaybookView({ me: this.me, onInsert: insert }),
            "knowledge-base": new KnowledgeBaseView({ me: this.me, openConversation }),
            "test-plan": new TestPlanView({ me: this.me }),
            analytics: new AnalyticsView(),
            settings: this.#settingsPage(),
            "data-reference": new DataReferenceView(),
            profile: new ProfileView({
                me: this.me, organisation: this.organisation,
                onChange: (next) => {
                    if (next.csrfToken) setCsrfToken(next.csrfToken);
                    this.me.displayName = next.agent.displayName;
                    this.#renderIdentity();
                },
                onSignOut: () => this.#signOut(),
            }),
        };
    }

    mount() {
        this.#renderIdentity();
        $("org-name").textContent = this.organisation.name;
        $("demo-banner").hidden = !this.organisation.isDemo;
        document.body.classList.toggle("demo", Boolean(this.organisation.isDemo));

        const sideTabs = this.#sidePanel();
        this.conversationsPage = h("div", { class: "conversations-page", "data-view": "conversations" },
            h("div", { class: "list-column" }, this.search.node, this.list.node, this.presence.node),
            this.transcript.node,
            sideTabs);
        const pages = Object.entries(this.views).map(([key, view]) => {
            view.page = h("div", { class: "view", "data-view": key, hidden: true }, view.node);
            return view.page;
        });
        replace($("main"), this.mentions.node, this.conversationsPage, pages, this.closeDialog.node);

        this.#alertsButton();
        unlockSound();
        this.store.subscribe(() => this.#title());
        window.addEventListener("hashchange", () => this.#route());
        this.#route();
        this.store.load().catch(() => {});
        this.socket.start();
        this.presence.start();
    }

    #renderIdentity() {
        $("agent-name").textContent = this.me.displayName;
        $("agent-name").setAttribute("aria-label", `Your profile: ${this.me.displayName}`);
    }

    #sidePanel() {
        const panels = { details: this.details.node, playbook: this.sidePlaybook.node };
        const tabs = {};
        const select = (key) => {
            for (const [k, tab] of Object.entries(tabs)) {
                tab.setAttribute("aria-selected", String(k === key));
                tab.tabIndex = k === key ? 0 : -1;
                panels[k].parentElement.hidden = k !== key;
            }
            if (key === "playbook") this.sidePlaybook.show();
        };
        tabs.details = h("button", { type: "button", role: "tab", id: "side-tab-details", "aria-controls": "side-details", "data-testid": "side-tab-details", onclick: () => select("details") }, "Details");
        tabs.playbook = h("button", { type: "button", role: "tab", id: "side-tab-playbook", "aria-controls": "side-playbook", "data-testid": "side-tab-playbook", onclick: () => select("playbook") }, "Playbook");
        const node = h("aside", { class: "side-column", "aria-label": "Conversation details and playbook" },
            h("div", { class: "side-tabs", role: "tablist", "aria-label": "Side panel",
                onkeydown: (e) => {
                    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
                    const next = tabs.details.getAttribute("aria-selected") === "true" ? "playbook" : "details";
                    select(next);
                    tabs[next].focus();
                } }, tabs.details, tabs.playbook),
            h("div", { role: "tabpanel", id: "side-details", "aria-labelledby": "side-tab-details" }, this.details.node),
            h("div", { role: "tabpanel", id: "side-playbook", "aria-labelledby": "side-tab-playbook" }, this.sidePlaybook.node));
        select("details");
        return node;
    }

    #settingsPage() {
        const settings = new SettingsView({ me: this.me });
        const admin = this.me.role === "admin";
        const assignment = this.me.role === "admin" || this.me.role === "supervisor" ? new AssignmentView() : null;
        const cleanup = admin ? new CleanupView() : null;
        const team = admin ? new TeamView({ me: this.me }) : null;
        const signOn = admin ? new SingleSignOnView() : null;
        const engine = admin ? new AnswerEngineView() : null;
        const email = admin ? new EmailSettingsView() : null;
        const audit = admin ? new AuditView() : null;
        const webhooks = admin ? new WebhooksView() : null;
        const apiKeys = admin ? new APIKeysView() : null;
        return {
            node: h("div", { class: "stack" }, settings.node, assignment?.node, engine?.node, email?.node, team?.node, signOn?.node, apiKeys?.node, webhooks?.node, audit?.node, cleanup?.node),
            show: () => Promise.all([settings.show(), assignment?.show(), engine?.show(), email?.show(), team?.show(), signOn?.show(), apiKeys?.show(), webhooks?.show(), audit?.show()]),
        };
    }

    #onConversations() {
        return !this.conversationsPage.hidden;
    }

    #route() {
        const [, view = "conversations", id] = window.location.hash.match(/^#\/([\w-]+)(?:\/([\w-]+))?/) ?? [];
        const key = view in this.views ? view : "conversations";
        this.conversationsPage.hidden = key !== "conversations";
        for (const [k, v] of Object.entries(this.views)) v.page.hidden = k !== key;
        for (const a of document.querySelectorAll("#views-nav a")) {
            if (a.dataset.view === key) a.setAttribute("aria-current", "page");
            else a.removeAttribute("aria-current");
        }
        if (key === "conversations") {
            document.body.classList.toggle("has-selection", Boolean(id));
            this.list.select(id ?? null);
            if (id) this.transcript.open(id);
            else this.transcript.clear();
        } else {
            document.body.classList.remove("has-selection");
            this.views[key].show?.();
        }
    }

    #connection(state) {
        const node = $("connection-state");
        node.textContent = CONNECTION_TEXT[state] ?? state;
        node.className = `connection ${state}`;
        node.dataset.state = state;
        // A browser cannot read why a socket was refused: an ended session shows up here, and the
        // API call sends the agent to sign in (401) if that is the reason.
        if (state === "reconnecting") api.get("/me", { quiet: true }).catch(() => {});
    }

    async #resync() {
        await this.store.load().catch(() => {});
        await this.transcript.reload();
    }

    #needsHuman(conversation) {
        notifyNeedsHuman("A customer needs a human", `${customerLabel(conversation)}${conversation.handoffReason ? `: ${conversation.handoffReason}` : ""}`,
            () => { window.location.hash = `#/conversations/${conversation.id}`; });
    }

    #title() {
        const waiting = this.store.count("needs");
        document.title = waiting ? `(${waiting}) Switchboard console` : "Switchboard console";
    }

    // Another agent named me in a note: a notice here, and a beep and notification when away.
    #mentioned(note) {
        this.mentions.show(note);
        notifyNeedsHuman(`${note.agentName ?? "Someone"} mentioned you`, note.body.slice(0, 140),
            () => { window.location.hash = `#/conversations/${note.conversationId}`; });
    }

    #alertsButton() {
        const button = $("alerts-button");
        if (!notificationsSupported() || Notification.permission !== "default") return;
        button.hidden = false;
        button.addEventListener("click", async () => {
            await askForNotifications();
            button.hidden = true;
        });
    }

    async #signOut() {
        try {
            await api.post("/logout", {});
        } catch {
            // Signed out or not, the sign-in page is where the agent goes next.
        }
        this.socket.stop();
        signIn();
    }
}

start();
