/* chatbot widget: <script src="https://BOT-HOST/static/widget.js" data-article="SLUG" async></script>
   Adds a launcher button (in a shadow root, out of reach of the page's CSS) that opens a panel
   holding the chat in an iframe, created on first open. Public API: window.Chatbot.open(),
   close(), toggle(), ask(text); events on document: chatbot:open, chatbot:close, chatbot:reply. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.querySelector("chatbot-widget")) return; // loaded twice: one widget
  var data = script.dataset;
  var botOrigin = new URL(script.src, location.href).origin;
  var lang = data.lang === "en" || (!data.lang && /^en\b/i.test(navigator.language || "")) ? "en" : "fr";
  var words = lang === "en"
    ? { open: "Ask the article", shut: "Close", close: "Close the chat", title: "Questions about the article" }
    : { open: "Poser une question à l'article", shut: "Fermer", close: "Fermer la discussion",
        title: "Questions sur l'article" };
  var title = data.title || words.title;
  var color = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgba?\([\d\s.,%]+\))$/i.test(data.color || "") ? data.color : "#0b57a4";
  var side = data.position === "left" ? "left" : "right";
  var host = document.createElement("chatbot-widget");
  var shadow = host.attachShadow({ mode: "open" });
  var css =
    ":host{all:initial!important;display:block!important;position:static!important}" +
    "*{box-sizing:border-box}" +
    ".launcher,.panel{position:fixed;" + side + ":20px;z-index:2147483000;font:15px/1.4 system-ui,sans-serif}" +
    ".launcher{bottom:20px;display:flex;align-items:center;gap:8px;padding:12px 18px;border:0;border-radius:999px;" +
    "background:var(--chatbot-color," + color + ");color:#fff;font-weight:600;cursor:pointer;" +
    "box-shadow:0 4px 16px rgba(0,0,0,.25)}" +
    ".launcher:focus-visible,.close:focus-visible{outline:3px solid #f0a400;outline-offset:2px}" +
    ".launcher svg{width:22px;height:22px;fill:currentColor}" +
    ".panel{bottom:84px;width:380px;height:600px;max-height:calc(100vh - 104px);display:flex;flex-direction:column;" +
    "background:#fff;border-radius:14px;overflow:hidden;box-shadow:0 8px 40px rgba(0,0,0,.3)}" +
    ".panel[hidden]{display:none}" +
    ".bar{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 8px 8px 14px;" +
    "background:var(--chatbot-color," + color + ");color:#fff;font-weight:600}" +
    ".close{width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:inherit;font-size:24px;cursor:pointer}" +
    "iframe{flex:1;width:100%;border:0;background:#fff}" +
    "@media (max-width:480px){.panel{left:0;right:0;top:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0}}";
  shadow.innerHTML = '<button class="launcher" type="button" aria-expanded="false" aria-controls="panel">' +
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v11H8l-4 4z"/></svg><span></span></button>' +
    '<div class="panel" id="panel" role="dialog" hidden><div class="bar"><span class="title"></span>' +
    '<button class="close" type="button">×</button></div></div>';
  if (shadow.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet(); // allowed even where the host page's CSP forbids inline styles
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    var style = document.createElement("style");
    style.textContent = css;
    shadow.prepend(style);
  }
  var launcher = shadow.querySelector(".launcher");
  var panel = shadow.querySelector(".panel");
  function label(opened) {  // the launcher says what a click does: open, or close while the panel is open
    launcher.querySelector("span").textContent = opened ? words.shut : words.open;
    launcher.setAttribute("aria-label", opened ? words.close : words.open);
  }
  label(false);
  panel.setAttribute("aria-label", title);
  shadow.querySelector(".title").textContent = title;
  shadow.querySelector(".close").setAttribute("aria-label", words.close);
  var frame = null;
  var ready = false;
  var pending = [];

  function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }
  function post(message) {
    if (ready) frame.contentWindow.postMessage(message, botOrigin); else pending.push(message);
  }
  function createFrame() {
    var params = new URLSearchParams({ origin: location.origin, lang: lang });
    if (data.greeting) params.set("greeting", data.greeting);
    frame = document.createElement("iframe");
    frame.title = title;
    frame.src = botOrigin + "/embed/" + encodeURIComponent(data.article || "") + "?" + params;
    panel.appendChild(frame);
  }
  function open() {
    if (!frame) createFrame();
    if (!panel.hidden) return;
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    label(true);
    if (ready) post({ type: "chatbot:focus" });
    emit("chatbot:open");
  }
  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    label(false);
    launcher.focus();
    emit("chatbot:close");
  }

  window.addEventListener("message", function (event) {
    var message = event.data;
    if (event.origin !== botOrigin || !frame || event.source !== frame.contentWindow) return;
    if (!message || typeof message !== "object" || typeof message.type !== "string") return;
    if (message.type === "chatbot:ready") {
      ready = true;
      post({ type: "chatbot:focus" });
      pending.splice(0).forEach(post);
    } else if (message.type === "chatbot:close") {
      close();
    } else if (message.type === "chatbot:reply" && message.reply && typeof message.reply === "object") {
      emit("chatbot:reply", message.reply);
    }
  });
  launcher.addEventListener("click", function () { panel.hidden ? open() : close(); });
  shadow.querySelector(".close").addEventListener("click", close);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });

  var api = Object.freeze({
    open: open,
    close: close,
    toggle: function () { panel.hidden ? open() : close(); },
    ask: function (text) {
      if (typeof text !== "string" || !text.trim()) return;
      open();
      post({ type: "chatbot:ask", text: text });
    }
  });
  if (window.Chatbot) console.warn("chatbot widget: window.Chatbot is taken by the page; the widget works without it");
  else window.Chatbot = api;
  (document.body || document.documentElement).appendChild(host);
  if (data.open === "true") open();
})();
