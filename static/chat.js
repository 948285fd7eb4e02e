/* The chat page, enhanced: messages go through the JSON API without a reload, and the
   conversation survives a reload (its id in localStorage, its turns read from the API).
   Without this script the page still works: its forms post to the server.
   Text from the reader or the bot is only ever inserted as text, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.fetch) return;
  var log = document.getElementById("log");
  var input = document.getElementById("message");
  var typing = document.getElementById("typing");
  var errorBox = document.getElementById("error");
  var sendButton = root.querySelector(".send");
  var strings = JSON.parse(document.getElementById("strings").textContent);
  var article = root.dataset.article;
  var storageKey = "chatbot:conversation:" + article;
  var conversationId = root.dataset.conversation || remembered();
  var busy = false;

  function remembered() {
    try { return localStorage.getItem(storageKey) || ""; } catch (e) { return ""; }
  }
  function remember(id) {
    conversationId = id || "";
    try {
      if (id) localStorage.setItem(storageKey, id); else localStorage.removeItem(storageKey);
    } catch (e) { /* storage blocked: the conversation lasts as long as the page */ }
    root.querySelectorAll("input[name=conversation_id]").forEach(function (field) { field.value = conversationId; });
  }
  function clone(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }
  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }
  function reveal(node, where) {
    var still = window.matchMedia && matchMedia("(prefers-reduced-motion: reduce)").matches;
    node.scrollIntoView({ block: where, behavior: still ? "auto" : "smooth" });
  }

  function addUser(text) {
    var node = clone("tpl-user");
    node.querySelector(".msg-text").textContent = text;
    log.appendChild(node);
    return node;
  }

  // The page speaks the conversation's language: the language of its latest reply, whatever the browser's.
  function speak(lang) {
    var chrome = strings.chrome[lang];
    if (!chrome || document.documentElement.lang === lang) return;
    document.documentElement.lang = lang;
    document.getElementById("kicker").textContent = chrome.chat_title;
    document.getElementById("message-label").textContent = chrome.input_label;
    document.getElementById("footnote").textContent = chrome.footer;
    document.getElementById("new").textContent = chrome.new;
    input.placeholder = chrome.placeholder;
    sendButton.textContent = chrome.send;
  }

  function addBot(reply) {
    speak(reply.lang);
    var node = clone("tpl-bot");
    // The words around the reply are in its language, whatever the browser's.
    var chrome = strings.chrome[reply.lang] || strings.chrome[document.documentElement.lang] || {};
    node.lang = reply.lang;
    node.querySelector(".msg-text").textContent = reply.text;
    node.querySelector(".visually-hidden").textContent = chrome.bot + " :";
    var quoteTemplate = node.querySelector(".quote");
    reply.quotes.forEach(function (quote) {
      var figure = quoteTemplate.cloneNode(true);
      figure.querySelector("blockquote p").textContent = quote.text;
      figure.querySelector("blockquote").cite = quote.url;
      figure.querySelector(".quote-section").textContent = chrome.quote_from.replace("{section}", quote.section_title);
      figure.querySelector(".quote-link").href = quote.url;
      figure.querySelector(".quote-link").textContent = chrome.read_in_article;
      quoteTemplate.parentNode.insertBefore(figure, quoteTemplate);
    });
    quoteTemplate.remove();
    var recap = node.querySelector(".recap-link");
    if (reply.discussion && reply.discussion.summed_up) {
      recap.querySelector("a").href = reply.discussion.recap;
      recap.querySelector("a").textContent = chrome.recap_link;
    } else {
      recap.remove();
    }
    var prompt = node.querySelector(".prompt");
    prompt.querySelector("strong").textContent = chrome.your_turn;
    if (reply.prompt) prompt.querySelector(".prompt-text").textContent = reply.prompt; else prompt.remove();
    var form = node.querySelector(".suggestions");
    var chip = form.querySelector(".chip");
    reply.suggestions.forEach(function (text) {
      var button = chip.cloneNode(true);
      button.value = text;
      button.textContent = text;
      form.appendChild(button);
    });
    chip.remove();
    form.setAttribute("aria-label", chrome.suggestions);
    if (!reply.suggestions.length) form.remove();
    form.querySelector("input[name=conversation_id]").value = conversationId;
    // Only the latest reply's suggestions answer what is asked now: the earlier ones stay, inactive.
    log.querySelectorAll(".msg-bot .suggestions .chip").forEach(function (button) { button.disabled = true; });
    log.appendChild(node);
    return node;
  }

  function errorText(status, body) {
    if (status === 429) return strings.error_rate;
    if (status === 422) return body && /long|characters/.test(body.detail || "") ? strings.error_long : strings.error_empty;
    if (status === 404) return strings.error_gone;
    if (status === 409) return strings.error_full;
    return strings.error_server;
  }

  var unsent = null;  // the message being sent, and its idempotency key

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function send(text, mode) {
    text = (text || "").trim();
    if (!text) { showError(strings.error_empty); input.focus(); return; }
    if (busy) return;
    busy = true;
    showError("");
    reveal(addUser(text), "nearest");
    typing.hidden = false;
    sendButton.disabled = true;
    var body = { message: text, article: article };
    if (conversationId) body.conversation_id = conversationId;
    if (mode) body.mode = mode;  // "discussion": the reader asked the bot to lead a discussion
    // One key per message: sent again (by the reader, or once by itself after a network error),
    // a message whose answer was lost is answered from what was stored, never stored twice.
    if (!unsent || unsent.text !== text) unsent = { text: text, key: newKey() };
    var request = {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": unsent.key },
      body: JSON.stringify(body)
    };
    fetch(root.dataset.api, request).catch(function () {
      return new Promise(function (resolve) { setTimeout(resolve, 1000); }).then(function () {
        return fetch(root.dataset.api, request);
      });
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok || !data) {
          if (response.status === 404 && conversationId) remember("");
          throw new Error(errorText(response.status, data));
        }
        unsent = null;
        remember(data.conversation_id);
        reveal(addBot(data.reply), "start");  // the reader starts reading at the top of the reply
        root.dispatchEvent(new CustomEvent("chatbot:reply", { bubbles: true, detail: data }));
      });
    }, function () {
      throw new Error(strings.error_network);
    }).catch(function (error) {
      showError(error.message);
    }).then(function () {
      busy = false;
      typing.hidden = true;
      sendButton.disabled = false;
      input.focus();
    });
  }

  function loadHistory() {
    if (!conversationId || root.dataset.conversation) return;
    fetch(root.dataset.history.replace("ID", encodeURIComponent(conversationId)), { headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 404) { remember(""); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || data.article !== article) return;
        data.turns.forEach(function (turn) { addUser(turn.message); addBot(turn.reply); });
        if (data.turns.length) log.lastElementChild.scrollIntoView({ block: "end" });
        remember(conversationId);
      })
      .catch(function () { /* the history stays on the server; the reader can go on */ });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("ask")) return;
    event.preventDefault();
    var submitter = event.submitter;
    var mode = form.querySelector("input[name=mode]");
    if (submitter && submitter.name === "message") {
      send(submitter.value, mode && mode.value);
    } else {
      send(input.value);
      input.value = "";
    }
  });

  root.addEventListener("chatbot:ask", function (event) { send(event.detail); });

  document.getElementById("new").addEventListener("click", function (event) {
    event.preventDefault();
    remember("");
    Array.prototype.slice.call(log.children, 1).forEach(function (node) { node.remove(); });
    showError("");
    history.replaceState(null, "", this.href);
    input.focus();
  });

  if (root.dataset.conversation) remember(root.dataset.conversation);
  loadHistory();
  root.dataset.ready = "true";  // messages now go through the API (what a page embedding the chat can wait for)
})();
