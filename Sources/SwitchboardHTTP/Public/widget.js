/*
 * Switchboard chat widget — the one file a host page embeds:
 *
 *   <script src="https://HOST/widget.js" data-key="WIDGET_KEY" async></script>
 *
 * Optional attributes: data-color="#2f6fed" (brand colour). A host page may define
 * window.SwitchboardContext = {...} before the chat starts; it is sent with the conversation.
 *
 * This is a classic script (so it works with a plain async <script> tag); it only finds its own
 * tag, works out where the server is, and loads the widget's ES modules from the same place.
 */
(function () {
    "use strict";

    var script = document.currentScript;
    if (!script || !script.getAttribute("data-key")) {
        script = document.querySelector('script[src$="widget.js"][data-key]');
    }
    if (!script) {
        return;
    }
    var key = script.getAttribute("data-key");
    if (!key) {
        console.warn("Switchboard widget: the <script> tag has no data-key attribute.");
        return;
    }

    // The API lives where this file was served from (usually the origin; a path prefix also works).
    var src = new URL(script.src, document.baseURI);
    var base = src.href.slice(0, src.href.lastIndexOf("/"));

    // One widget per key, even when a page includes the tag twice.
    var registry = (window.__switchboardWidgets = window.__switchboardWidgets || {});
    if (registry[key]) {
        return;
    }
    registry[key] = true;

    var config = {
        key: key,
        base: base,
        color: script.getAttribute("data-color") || "",
    };

    function start() {
        import(base + "/widget/main.js")
            .then(function (module) {
                module.mount(config);
            })
            .catch(function (error) {
                registry[key] = false;
                console.error("Switchboard widget: could not load from " + base + "/widget/", error);
            });
    }

    if (document.body) {
        start();
    } else {
        document.addEventListener("DOMContentLoaded", start, { once: true });
    }
})();
