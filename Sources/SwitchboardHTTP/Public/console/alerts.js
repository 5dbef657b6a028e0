// Tells the agent a customer is waiting for a human: a short beep (WebAudio, no sound file) and a
// browser notification when the agent has allowed them and is looking at another tab.

let audio = null;

/** Browsers only allow sound after a user gesture; the first click or key press unlocks it. */
export function unlockSound() {
    const unlock = () => {
        try {
            audio ??= new AudioContext();
            if (audio.state === "suspended") audio.resume();
        } catch {
            audio = null;
        }
    };
    window.addEventListener("pointerdown", unlock, { once: true });
    window.addEventListener("keydown", unlock, { once: true });
}

export function beep() {
    if (!audio || audio.state !== "running") return;
    const now = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.18, 1175]]) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.15, now + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.16);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(now + offset);
        oscillator.stop(now + offset + 0.17);
    }
}

export function notificationsSupported() {
    return typeof Notification === "function";
}

export function notificationsAllowed() {
    return notificationsSupported() && Notification.permission === "granted";
}

export async function askForNotifications() {
    if (!notificationsSupported()) return "denied";
    return Notification.requestPermission();
}

/** `onOpen` runs when the agent clicks the notification. */
export function notifyNeedsHuman(title, body, onOpen) {
    beep();
    if (!notificationsAllowed() || document.visibilityState === "visible") return;
    try {
        const notification = new Notification(title, { body, tag: "switchboard-needs-human" });
        notification.addEventListener("click", () => {
            window.focus();
            onOpen();
            notification.close();
        });
    } catch {
        // Some browsers only allow notifications from a service worker; the beep still played.
    }
}
