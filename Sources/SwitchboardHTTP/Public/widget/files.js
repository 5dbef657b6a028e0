// Files in the widget: the paperclip sends an image or a PDF (at most 5 MB; the server checks the
// type from the bytes), and a message with a file shows it — an image inline, a PDF as a download —
// fetched with the customer's token, since a plain link could not carry it.

import { el } from "./dom.js";
import { newClientMessageId } from "./retry.js";

export const ACCEPTED_FILES = "image/png,image/jpeg,image/gif,image/webp,application/pdf";
const MAX_BYTES = 5 * 1024 * 1024;

/** Sends one file as a message: a pending line, then the stored message (or the reason it was refused). */
export async function sendFile({ api, transcript, showAlert, receive }, file) {
    if (file.size > MAX_BYTES) {
        showAlert(`"${file.name}" is larger than 5 MB.`);
        return;
    }
    const clientMessageId = newClientMessageId();
    transcript.addPending(clientMessageId, file.name);
    try {
        const answer = await api.uploadAttachment(file, clientMessageId);
        receive(answer?.message);
        showAlert("");
    } catch (error) {
        transcript.markFailed(clientMessageId, null);
        showAlert(error.message);
    }
}

/** Adds a message's file under its bubble: the image itself, or a button that downloads the PDF. */
export function renderFile(line, attachment, load) {
    if (!attachment || typeof attachment.id !== "string" || line.querySelector(".file")) return;
    const name = String(attachment.name ?? "file");
    if (String(attachment.contentType).startsWith("image/")) {
        const image = el("img", { class: "file file-image", alt: name });
        line.append(image);
        load(attachment.id).then((blob) => { image.src = URL.createObjectURL(blob); }, () => { image.alt = `${name} (could not be loaded)`; });
        return;
    }
    const button = el("button", { type: "button", class: "file file-download", text: `Download ${name}` });
    button.addEventListener("click", async () => {
        try {
            const link = el("a", { href: URL.createObjectURL(await load(attachment.id)), attrs: { download: name } });
            link.click();
        } catch {
            button.textContent = `${name} could not be downloaded; try again`;
        }
    });
    line.append(button);
}
