// The conversation as the customer sees it: starts lazily on first open, resumes a saved one,
// sends messages (optimistically, retrying with the same clientMessageId), asks for a person,
// and applies what the server pushes. The panel draws; this decides.

import { WidgetApi } from "./api.js";
import { LiveUpdates } from "./live.js";
import { SavedConversation, visitorId } from "./storage.js";
import { TokenKeeper } from "./token.js";
import { sendFile } from "./files.js";
import { SENDING_LATER, SUBTITLES } from "./words.js";
import { isTransient, newClientMessageId, retryDelay } from "./retry.js";

const ENDED_MODES = new Set(["closed", "followup", "archived"]);
// A send that fails for a passing reason (no network, the server briefly unavailable or busy) is
// retried by itself with the same clientMessageId until it is stored; after this many tries the
// bubble also offers "retry now". Starting a chat is retried by itself the same way.
const QUIET_ATTEMPTS = 3;

export class Chat {
    constructor(config) {
        this.api = new WidgetApi(config.base, config.key);
        this.saved = new SavedConversation(config.key);
        this.tokens = new TokenKeeper({ api: this.api, onRenewed: (customerToken) => this.saved.update({ customerToken }) });
        this.panel = null;
        this.live = null;
        this.started = false;
        this.starting = null;
        this.mode = null;
        this.agentName = null;
        this.organisationName = "";
        this.streamSeq = 0; // last seq received in order from the server's stream: the resume point
        this.handoffReason = "";
        this.afterHoursSent = false;
        this.sends = Promise.resolve(); // messages go out one after another, in the order typed
        this.waiting = new Map(); // clientMessageId → wakes its retry pause early ("retry now")
        this.startAttempts = 0; // failed starts in a row, for the backoff
        this.startRetry = null; // the timer of the next automatic start
        this.rated = false; // the customer rated this (ended) chat
        this.transcriptEmailed = false; // the customer had this (ended) chat emailed to them
    }

    /** The panel's callbacks. */
    get handlers() {
        return {
            onOpen: () => this.#opened(),
            onClose: () => this.saved.update({ open: false }),
            onSend: (text) => this.#send(text),
            onTyping: () => this.live?.sendTyping(),
            onHandoff: (values) => this.#requestHandoff(values),
            onAfterHours: (values) => this.#leaveDetails(values),
            onNewChat: () => this.#startOver(),
            onRate: (values) => this.#rate(values),
            onEmailTranscript: ({ email }) => this.#emailTranscript(email),
            onAttach: (file) => sendFile({
                api: this.api, transcript: this.panel.transcript, showAlert: (text) => this.panel.showAlert(text),
                receive: (message) => this.#receive(message, { inOrder: false, unread: false }),
            }, file),
        };
    }

    /** Resumes a saved conversation (reopening the panel if it was open), else waits for the first open. */
    async attach(panel) {
        this.panel = panel;
        this.panel.transcript.loadFile = (id) => this.api.downloadAttachment(id);
        this.panel.transcript.showGreeting("");
        const saved = this.saved.load();
        if (!saved) return;
        this.api.useConversation(saved.conversationId, saved.customerToken);
        this.afterHoursSent = saved.afterHoursSent;
        this.#setOrganisationName(saved.organisationName);
        this.starting = this.#resume();
        if (saved.open) this.panel.open({ focus: false });
        await this.starting;
    }

    #opened() {
        this.saved.update({ open: true });
        if (!this.started && !this.starting) this.starting = this.#start();
    }

    async #start() {
        clearTimeout(this.startRetry);
        this.startRetry = null;
        this.panel.setConnection("connecting");
        this.panel.setEnded(false);
        this.panel.composer.setEnabled(false);
        try {
            const started = await this.api.startConversation(visitorId());
            this.startAttempts = 0;
            this.panel.showAlert("");
            this.saved.update({
                conversationId: started.conversationId,
                customerToken: started.customerToken,
                lastSeq: 0,
                open: this.panel.isOpen,
                organisationName: started.organisationName ?? "",
                afterHoursSent: false,
            });
            this.#setOrganisationName(started.organisationName ?? "");
            this.tokens.plan(started.tokenExpiresAt);
            this.#applyMode(started.mode, null);
            for (const message of started.messages ?? []) this.#receive(message, { inOrder: true, unread: false });
            this.#goLive();
        } catch (error) {
            this.panel.setConnection("");
            if (isTransient(error)) {
                // Busy or unreachable: say so honestly and try again by itself (the button tries at once).
                const delay = retryDelay(error, ++this.startAttempts);
                const seconds = Math.max(1, Math.round(delay / 1000));
                const wait = error.status === 429 ? error.message : `${error.message} Trying again in ${seconds} s.`;
                this.panel.showAlert(wait);
                this.panel.setEnded(true, "Try again now");
                this.startRetry = setTimeout(() => this.#retryStart(), delay);
            } else {
                this.panel.showAlert(error.message);
                this.panel.setEnded(true, "Try again");
            }
        } finally {
            this.starting = null;
        }
    }

    #retryStart() {
        this.startRetry = null;
        if (!this.started && !this.starting) this.starting = this.#start();
    }

    // Redraws the saved conversation from the beginning, then follows it live.
    async #resume() {
        try {
            // Tokens expire: renew first (a chat that ended long ago is gone, and a new one starts).
            await this.tokens.renew();
            const page = await this.api.fetchMessages(0);
            this.#applyPage(page, { unread: false });
        } catch (error) {
            if (error.isConversationLost) {
                this.#forget();
                this.starting = null;
                if (this.panel.isOpen) this.starting = this.#start();
                return;
            }
            // Network trouble: the socket (or polling) fills in everything after 0 once it connects.
        }
        this.#goLive();
        this.starting = null;
    }

    #goLive() {
        this.started = true;
        if (!ENDED_MODES.has(this.mode)) this.panel.composer.setEnabled(true);
        // The panel opened before the chat was ready: move focus from the dialog to the message box.
        if (this.panel.isOpen && this.panel.dialog.getRootNode().activeElement === this.panel.dialog) {
            this.panel.composer.focus();
        }
        if (ENDED_MODES.has(this.mode)) return;
        this.live?.stop();
        this.live = new LiveUpdates({
            api: this.api,
            lastSeq: () => this.streamSeq,
            onFrame: (frame) => this.#frame(frame),
            onPoll: (page) => this.#applyPage(page),
            onStatus: (status) => this.panel.setConnection(status),
            onLost: () => this.#lost(),
        });
        this.live.start();
    }

    #frame(frame) {
        if (frame.conversationId && frame.conversationId !== this.api.conversationId) return;
        switch (frame.type) {
            case "message":
                this.#receive(frame.message, { inOrder: true, unread: true });
                break;
            case "state":
                this.#applyMode(frame.mode, frame.agentName ?? null);
                break;
            case "resync":
                // The server may have missed events: ask for everything after the resume point.
                this.api.fetchMessages(this.streamSeq).then((page) => this.#applyPage(page), () => {});
                break;
            case "draft":
                if (this.mode === "ai") this.panel.transcript.showDraft(frame.text);
                break;
            case "typing":
                if (frame.author === "ai") this.panel.transcript.showTyping("AI is typing…");
                else if (frame.author === "agent")
                    this.panel.transcript.showTyping(`${this.agentName || "Someone from the team"} is typing…`);
                break;
            default:
                break;
        }
    }

    #applyMessages(page) {
        for (const message of page?.messages ?? []) this.#receive(message, { inOrder: true, unread: true });
        this.#offerTranscriptEmail(page);
    }

    #applyPage(page, { unread = true } = {}) {
        if (!page || typeof page !== "object") return;
        for (const message of page.messages ?? []) this.#receive(message, { inOrder: true, unread });
        if (page.satisfaction) this.rated = true;
        if (typeof page.mode === "string") this.#applyMode(page.mode, page.agentName ?? null);
        this.#offerTranscriptEmail(page);
    }

    // The server says whether the transcript can be emailed (only ever for an ended chat).
    #offerTranscriptEmail(page) {
        if (typeof page?.transcriptEmail !== "boolean" || this.transcriptEmailed) return;
        this.panel.offerTranscriptEmail(page.transcriptEmail && ENDED_MODES.has(this.mode));
    }

    // `inOrder`: from the server's ordered stream, so it may advance the resume point;
    // `unread`: a new reply that counts on the launcher while the panel is closed.
    #receive(message, { inOrder, unread }) {
        const shown = this.panel.transcript.addMessage(message);
        if (inOrder && Number.isInteger(message?.seq) && message.seq > this.streamSeq) {
            this.streamSeq = message.seq;
            this.saved.update({ lastSeq: this.streamSeq });
        }
        if (!shown) return;
        if (message.author === "agent" && message.agentName && this.mode === "live" && !this.agentName) {
            this.agentName = message.agentName;
            this.#showSubtitle();
        }
        if (unread && message.author !== "customer" && !this.panel.isOpen) this.panel.setUnread(this.panel.unread + 1);
    }

    #applyMode(mode, agentName) {
        if (typeof mode !== "string") return;
        this.mode = mode;
        if (mode !== "ai") this.panel.transcript.showDraft(""); // a take-over cuts the AI short
        this.agentName = agentName || null;
        this.#showSubtitle();
        const ended = ENDED_MODES.has(mode);
        this.panel.setHandoffAvailable(mode === "ai" && !ended);
        if (ended) {
            const following = this.live !== null;
            this.live?.stop();
            this.live = null;
            // The closing line is stored just after the mode changed: read what the socket had no time to bring.
            if (following) this.api.fetchMessages(this.streamSeq).then((page) => this.#applyMessages(page), () => {});
            this.panel.setConnection("");
            this.panel.transcript.hideTyping();
            this.panel.composer.setEnabled(false, "This chat has ended");
            this.panel.setEnded(true);
            this.panel.showRating(this.rated);
            return;
        }
        if (mode === "review" && !this.afterHoursSent) this.panel.showAfterHoursForm(this.handoffReason);
    }

    #showSubtitle() {
        let text = SUBTITLES[this.mode] ?? "";
        if (this.mode === "live") text = this.agentName ? `You're chatting with ${this.agentName}` : "You're chatting with our team";
        if (ENDED_MODES.has(this.mode)) text = "This chat has ended";
        this.panel.setSubtitle(text);
    }

    #setOrganisationName(name) {
        this.organisationName = name || "";
        this.panel.setOrganisationName(this.organisationName);
        this.panel.transcript.showGreeting(this.organisationName);
    }

    #send(text) {
        const clientMessageId = newClientMessageId();
        this.panel.transcript.addPending(clientMessageId, text);
        this.sends = this.sends.then(() => this.#deliver(clientMessageId, text)).catch(() => {});
    }

    // Retries network failures and 502/503/504 with the same clientMessageId (the server stores it
    // only once), after the server's Retry-After or a capped backoff, until it is stored or the
    // chat is gone. Other failures mark the line "Not sent".
    async #deliver(clientMessageId, text) {
        const transcript = this.panel.transcript;
        transcript.markSending(clientMessageId);
        let failure = null;
        try {
            for (let attempt = 1; ; attempt += 1) {
                try {
                    const answer = await this.api.sendMessage(clientMessageId, text);
                    this.#receive(answer?.message, { inOrder: false, unread: false });
                    this.panel.showAlert("");
                    return;
                } catch (error) {
                    if (!isTransient(error)) {
                        failure = error;
                        break;
                    }
                    this.#setWaiting(clientMessageId, true);
                    // Too many at once: the server says which limit and for how long; the send waits that long by itself.
                    if (error.status === 429) this.panel.showAlert(error.message);
                    if (attempt >= QUIET_ATTEMPTS) transcript.markWaiting(clientMessageId, () => this.waiting.get(clientMessageId)?.());
                    await this.#pause(clientMessageId, retryDelay(error, attempt));
                    if (!transcript.isPending(clientMessageId)) return; // confirmed by the socket, or the chat was reset
                }
            }
        } finally {
            this.#setWaiting(clientMessageId, false);
        }
        const retry = () => this.#deliver(clientMessageId, text);
        switch (failure.status) {
            case 409:
                transcript.markFailed(clientMessageId, null);
                this.panel.showAlert(failure.message);
                this.#applyMode("closed", null);
                break;
            case 413:
            case 422:
                transcript.markFailed(clientMessageId, null);
                this.panel.showAlert(failure.message);
                break;
            case 401:
            case 404:
                transcript.markFailed(clientMessageId, null);
                this.panel.showAlert(failure.message);
                this.#lost();
                break;
            default:
                transcript.markFailed(clientMessageId, retry);
                this.panel.showAlert(failure.message);
        }
    }

    #setWaiting(clientMessageId, waiting) {
        if (!waiting) this.waiting.delete(clientMessageId);
        else if (!this.waiting.has(clientMessageId)) this.waiting.set(clientMessageId, () => {});
        this.panel.setSendStatus(this.waiting.size > 0 ? SENDING_LATER : "");
    }

    // Waits `ms`, or less when the customer presses "retry now".
    #pause(clientMessageId, ms) {
        return new Promise((resolve) => {
            const timer = setTimeout(resolve, ms);
            this.waiting.set(clientMessageId, () => {
                clearTimeout(timer);
                resolve();
            });
        });
    }

    async #requestHandoff({ reason }) {
        const result = await this.api.requestHandoff(reason);
        this.handoffReason = reason;
        this.panel.handoffForm.hide();
        this.#applyMode(result?.mode ?? "needs", this.agentName);
        if (result?.afterHours && this.mode !== "review" && !this.afterHoursSent) {
            this.panel.showAfterHoursForm(reason);
        }
        if (!this.panel.afterHoursForm.isOpen) this.panel.composer.focus();
    }

    async #rate(values) {
        await this.api.rate(values);
        this.rated = true;
        this.panel.ratingForm.showThanks();
        this.panel.ratingForm.thanks.focus();
    }

    async #emailTranscript(email) {
        const queued = await this.api.emailTranscript(email);
        this.transcriptEmailed = true;
        this.panel.showTranscriptEmailThanks(queued?.recipient ?? email);
    }

    async #leaveDetails(values) {
        await this.api.submitAfterHours(values);
        this.afterHoursSent = true;
        this.saved.update({ afterHoursSent: true });
        this.panel.showAfterHoursThanks();
    }

    // The server no longer knows this conversation (token or conversation gone): offer a new one.
    #lost() {
        this.#forget();
        this.panel.composer.setEnabled(false, "This chat is no longer available");
        this.panel.setEnded(true);
    }

    #forget() {
        this.tokens.stop();
        this.live?.stop();
        this.live = null;
        this.saved.clear();
        this.started = false;
        this.mode = null;
        this.agentName = null;
        this.streamSeq = 0;
        this.afterHoursSent = false;
        this.rated = false;
        this.transcriptEmailed = false;
        this.panel.ratingForm.reset();
        this.panel.offerTranscriptEmail(false);
        this.panel.setConnection("");
        this.panel.transcript.clear();
        // Sends still waiting to retry belonged to that chat: wake them so they notice and stop.
        for (const wake of [...this.waiting.values()]) wake();
    }

    #startOver() {
        clearTimeout(this.startRetry);
        this.startRetry = null;
        this.#forget();
        this.handoffReason = "";
        this.panel.setEnded(false);
        this.panel.afterHoursForm.hide();
        this.panel.afterHoursForm.thanks.hidden = true;
        this.panel.showAlert("");
        this.starting = this.#start();
        this.starting.then(() => this.panel.focusInside());
    }
}
