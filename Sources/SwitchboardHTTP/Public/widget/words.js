// What the widget says about the chat itself, in one place.

export const SENDING_LATER = "Reconnecting… your message will be sent";

/** The header's subtitle for each mode. */
export const SUBTITLES = {
    ai: "AI assistant · a person can join",
    needs: "Waiting for a person…",
    review: "Our team will follow up by email",
};
