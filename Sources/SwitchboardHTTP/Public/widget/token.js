// Customer tokens expire (24 h by default); while a chat is open the widget renews its token
// halfway to each expiry and stores the new one, so a long-open tab keeps working.

const MINUTE = 60_000;

/** Renews the API's customer token on a timer; `onRenewed(token)` stores it. */
export class TokenKeeper {
    constructor({ api, onRenewed }) {
        this.api = api;
        this.onRenewed = onRenewed;
        this.timer = null;
    }

    /** Renews now; throws the API's error when the chat is gone (401/404), retries later otherwise. */
    async renew() {
        clearTimeout(this.timer);
        try {
            const renewed = await this.api.refreshToken();
            this.onRenewed(renewed.customerToken);
            this.plan(renewed.tokenExpiresAt);
        } catch (error) {
            if (error.isConversationLost) throw error;
            // Network trouble or a restart: the current token is still good for a while.
            this.timer = setTimeout(() => this.renew().catch(() => {}), MINUTE);
        }
    }

    /** Plans the next renewal halfway to `expiresAt` (between a minute and twelve hours away). */
    plan(expiresAt) {
        clearTimeout(this.timer);
        const left = Date.parse(expiresAt) - Date.now();
        if (!Number.isFinite(left)) return;
        const delay = Math.min(Math.max(left / 2, MINUTE), 12 * 60 * MINUTE);
        this.timer = setTimeout(() => this.renew().catch(() => {}), delay);
    }

    stop() {
        clearTimeout(this.timer);
        this.timer = null;
    }
}
