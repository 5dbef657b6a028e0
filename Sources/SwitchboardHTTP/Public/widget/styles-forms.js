// Styles for the forms under the transcript (handoff, after-hours), the action chips and the message box.

export const FORMS_CSS = String.raw`
/* Forms and actions */

.small-form,
.after-hours-thanks,
.rating-thanks,
.transcript-email-thanks {
    margin: 0 12px 10px;
    padding: 12px;
    border: 1px solid var(--border);
    border-radius: 12px;
    background: var(--surface-muted);
}

.after-hours-thanks,
.rating-thanks,
.transcript-email-thanks {
    font-weight: 600;
    text-align: center;
}

.stars {
    display: flex;
    gap: 4px;
    margin: 0 0 8px;
    padding: 0;
    border: 0;
}

.star-input {
    position: absolute;
    opacity: 0;
    width: 1px;
    height: 1px;
}

.star {
    font-size: 26px;
    line-height: 1;
    color: var(--border);
    cursor: pointer;
    border-radius: 6px;
    padding: 2px 3px;
}

.attach {
    border: 0;
    background: none;
    font-size: 20px;
    cursor: pointer;
    padding: 0 4px;
}

.attach:disabled {
    opacity: 0.4;
    cursor: default;
}

.file-image {
    display: block;
    max-width: 220px;
    max-height: 220px;
    margin-top: 4px;
    border-radius: 10px;
    border: 1px solid var(--border);
}

.file-download {
    margin-top: 4px;
    border: 1px solid var(--border);
    border-radius: 8px;
    background: var(--surface);
    padding: 4px 10px;
    cursor: pointer;
}

.star.on {
    color: #d97706;
}

.star-input:focus-visible + .star {
    outline: 2px solid var(--brand);
    outline-offset: 1px;
}

.form-title {
    margin-bottom: 6px;
    font-weight: 650;
}

.form-intro {
    margin-bottom: 8px;
    color: var(--text-muted);
    font-size: 13px;
}

.field {
    display: flex;
    flex-direction: column;
    gap: 3px;
    margin-bottom: 8px;
}

.field label {
    font-size: 12.5px;
    font-weight: 600;
}

.field input,
.field textarea {
    width: 100%;
    padding: 8px 10px;
    border: 1px solid var(--border);
    border-radius: 8px;
    background: var(--surface);
    resize: vertical;
}

.form-error,
.alert {
    color: var(--danger);
    font-size: 12.5px;
}

.form-error {
    margin-bottom: 8px;
}

.alert {
    margin: 0 12px 8px;
    padding: 8px 10px;
    border-radius: 8px;
    background: var(--danger-surface);
}

.form-actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
}

.primary,
.secondary {
    min-height: 36px;
    padding: 7px 14px;
    border-radius: 9px;
    font-weight: 600;
}

.primary {
    border: 0;
    background: var(--brand);
    color: var(--brand-text);
}

.primary:hover {
    background: var(--brand-strong);
}

.primary:disabled {
    opacity: 0.6;
}

.secondary {
    border: 1px solid var(--border);
    background: var(--surface);
}

.actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 0 12px 8px;
}

.actions:not(:has(:not([hidden]))) {
    display: none;
}

.chip {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    min-height: 34px;
    padding: 6px 12px;
    border: 1px solid var(--border);
    border-radius: 17px;
    background: var(--surface);
    color: var(--text);
    font-size: 13px;
    font-weight: 600;
}

.chip .icon {
    width: 16px;
    height: 16px;
}

.chip:hover {
    border-color: var(--brand);
    color: var(--brand-strong);
}

/* Message box */

.composer {
    padding: 10px 12px 8px;
    border-top: 1px solid var(--border);
    background: var(--surface);
}

.composer-row {
    display: flex;
    align-items: flex-end;
    gap: 8px;
}

.composer-input {
    flex: 1;
    min-height: 42px;
    max-height: 132px;
    padding: 10px 12px;
    border: 1px solid var(--border);
    border-radius: 12px;
    background: var(--surface);
    line-height: 1.4;
    resize: none;
}

.composer-input:focus-visible {
    outline-offset: 0;
    outline-width: 2px;
}

.composer-input:disabled {
    background: var(--surface-muted);
}

.send {
    display: grid;
    place-items: center;
    width: 42px;
    height: 42px;
    padding: 0;
    border: 0;
    border-radius: 12px;
    background: var(--brand);
    color: var(--brand-text);
    flex: none;
}

.send:disabled {
    background: var(--surface-muted);
    color: var(--text-muted);
}

.composer-hint {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    margin-top: 5px;
    color: var(--text-muted);
    font-size: 11.5px;
}

.counter {
    flex: none;
    font-variant-numeric: tabular-nums;
}

.counter.is-near-limit {
    color: var(--danger);
    font-weight: 600;
}
`;
