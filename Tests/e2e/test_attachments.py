"""Files in a real browser against a real server: a customer attaches a screenshot in the widget
(it shows there and, as an image, in the console), a page disguised as an image is refused with
the reason, and the agent who took the chat over sends a PDF that the customer downloads.
Screenshots land in Tests/e2e/output/attachments-*.png."""

from __future__ import annotations

import base64
import uuid

from playwright.sync_api import expect

from test_console_hardening import console  # noqa: F401 - the fixture is used by name
from test_widget import launcher, saved_conversation, send, widget_dialog

# A 2×2 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_customer_and_an_agent_exchange_files(switchboard, host_page, open_page, console, output_dir):  # noqa: F811
    customer = open_page().page
    customer.goto(host_page)
    launcher(customer).click()
    dialog = widget_dialog(customer)
    send(customer, f"My certificate shows the wrong name {uuid.uuid4().hex[:6]}")
    conversation_id = saved_conversation(customer, switchboard.widget_key)["conversationId"]

    # A page named like an image is refused, and nothing is shown as sent.
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "photo.png", "mimeType": "image/png", "buffer": b"<html><script>alert(1)</script></html>"}])
    expect(dialog.get_by_role("alert")).to_contain_text("Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached")

    dialog.locator("input[type=file]").set_input_files(files=[{"name": "certificate.png", "mimeType": "image/png", "buffer": PNG}])
    sent = dialog.get_by_role("log").locator(".line-customer[data-seq]", has_text="certificate.png")
    expect(sent).to_have_count(1)
    image = sent.locator("img.file-image")
    expect(image).to_have_attribute("alt", "certificate.png")
    customer.wait_for_function("img => img.complete && img.naturalWidth === 2", arg=image.element_handle())
    customer.screenshot(path=output_dir / "attachments-widget.png")

    # The agent sees the image, takes over and sends a PDF back.
    switchboard.agent("POST", f"/conversations/{conversation_id}/take-over", {"expectedOwnerId": None})
    page, errors = console(switchboard.agent_token)
    page.goto(f"{switchboard.base_url}/console#/conversations/{conversation_id}")
    console_image = page.get_by_test_id("transcript").get_by_test_id("message-image")
    expect(console_image).to_have_attribute("alt", "certificate.png")
    page.wait_for_function("img => img.complete && img.naturalWidth === 2", arg=console_image.element_handle())
    page.get_by_test_id("attach-input").set_input_files(files=[{"name": "corrected.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    expect(page.get_by_test_id("transcript").get_by_test_id("message-file")).to_have_text("Download corrected.pdf")
    page.screenshot(path=str(output_dir / "attachments-console.png"))

    download_button = dialog.get_by_role("button", name="Download corrected.pdf")
    expect(download_button).to_be_visible()
    with customer.expect_download() as download:
        download_button.click()
    assert download.value.suggested_filename == "corrected.pdf"
    with open(download.value.path(), "rb") as f:
        assert f.read() == PDF
    assert errors == []
