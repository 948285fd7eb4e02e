/* The chat inside the widget's iframe: talks to the page that embeds it, and only to it.
   Every message names the parent's exact origin; messages from anywhere else are ignored. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  var parentOrigin = root && root.dataset.parentOrigin;
  if (!parentOrigin || window.parent === window) return;
  function tell(message) { window.parent.postMessage(message, parentOrigin); }
  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    if (!message || typeof message !== "object") return;
    if (message.type === "chatbot:ask" && typeof message.text === "string") {
      root.dispatchEvent(new CustomEvent("chatbot:ask", { detail: message.text.slice(0, 1000) }));
    } else if (message.type === "chatbot:focus") {
      document.getElementById("message").focus();
    }
  });
  root.addEventListener("chatbot:reply", function (event) { tell({ type: "chatbot:reply", reply: event.detail }); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") tell({ type: "chatbot:close" }); });
  tell({ type: "chatbot:ready" });
})();
