/* The chat page, enhanced: messages, votes on replies and erasing go through the JSON API without a
   reload, and the conversation survives a reload (its id in localStorage, its turns and votes read from
   the API). Without this script the page still works: its forms post to the server.
   Text from the reader or the bot is only ever inserted as text, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.fetch) return;
  var log = document.getElementById("log");
  var input = document.getElementById("message");
  var typing = document.getElementById("typing");
  var errorBox = document.getElementById("error");
  var noticeBox = document.getElementById("notice");
  var eraseBox = document.getElementById("erase");
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
    eraseBox.hidden = !conversationId;  // nothing to erase before the first message
  }
  function conversationUrl() {
    return root.dataset.history.replace("ID", encodeURIComponent(conversationId));
  }
  function clone(id) {
    return document.getElementById(id).content.firstElementChild.cloneNode(true);
  }
  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }
  function showNotice(text) {
    noticeBox.textContent = text || "";
    noticeBox.hidden = !text;
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
    document.getElementById("erase-summary").textContent = chrome.erase;
    document.getElementById("erase-what").textContent = chrome.erase_what;
    document.getElementById("erase-button").textContent = chrome.erase_button;
    input.placeholder = chrome.placeholder;
    sendButton.textContent = chrome.send;
  }

  // The vote buttons show the stored vote; "not useful" shows the comment field, holding the comment given.
  function showVote(box, feedback) {
    var useful = feedback ? feedback.useful : null;
    var buttons = box.querySelectorAll(".vote-button");
    buttons[0].setAttribute("aria-pressed", String(useful === true));
    buttons[1].setAttribute("aria-pressed", String(useful === false));
    box.querySelector(".vote-comment").hidden = useful !== false;
    box.querySelector("textarea").value = (feedback && feedback.comment) || "";
  }

  // A stored reply's vote buttons: their words in the reply's language, their ids after its turn.
  function setUpFeedback(node, chrome, turn, feedback) {
    var box = node.querySelector(".feedback");
    if (!turn) { box.remove(); return; }
    node.id = "turn-" + turn;
    box.dataset.turn = turn;
    box.setAttribute("aria-labelledby", "turn-" + turn + "-question");
    var question = box.querySelector(".feedback-question");
    question.id = "turn-" + turn + "-question";
    question.textContent = chrome.feedback_question;
    var buttons = box.querySelectorAll(".vote-button");
    buttons[0].textContent = chrome.useful;
    buttons[1].textContent = chrome.not_useful;
    box.querySelectorAll("input[name=turn]").forEach(function (field) { field.value = turn; });
    box.querySelectorAll("input[name=conversation_id]").forEach(function (field) { field.value = conversationId; });
    var label = box.querySelector(".vote-comment label");
    label.htmlFor = "turn-" + turn + "-comment";
    label.textContent = chrome.feedback_comment;
    box.querySelector("textarea").id = "turn-" + turn + "-comment";
    box.querySelector(".vote-send").textContent = chrome.feedback_send;
    showVote(box, feedback);
  }

  function addBot(reply, turn, feedback) {
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
    setUpFeedback(node, chrome, turn, feedback);
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
    showNotice("");
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
        reveal(addBot(data.reply, data.turn, null), "start");  // the reader starts reading at the top of the reply
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
        data.turns.forEach(function (turn) { addUser(turn.message); addBot(turn.reply, turn.turn, turn.feedback); });
        if (data.turns.length) log.lastElementChild.scrollIntoView({ block: "end" });
        remember(conversationId);
      })
      .catch(function () { /* the history stays on the server; the reader can go on */ });
  }

  // A vote on a reply (or, from the comment field, "not useful" with why), sent to the API; the buttons
  // show it once it is stored, and a short thank-you says so.
  function vote(form, submitter) {
    var box = form.closest(".feedback");
    var commenting = form.classList.contains("vote-comment");
    if (!commenting && !(submitter && submitter.name === "useful")) return;
    var useful = !commenting && submitter.value === "true";
    var comment = useful ? "" : box.querySelector("textarea").value.trim();
    var chrome = strings.chrome[box.closest(".msg-bot").lang] || strings.chrome[document.documentElement.lang];
    var status = box.querySelector(".feedback-status");
    var body = { useful: useful };
    if (comment) body.comment = comment;
    // One vote at a time; the buttons stay enabled, so that the one pressed keeps the focus.
    if (box.getAttribute("aria-busy") === "true") return;
    box.setAttribute("aria-busy", "true");
    showError("");
    status.textContent = "";
    fetch(conversationUrl() + "/turns/" + box.dataset.turn + "/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (!response.ok || !data) throw new Error(voteErrorText(response.status));
        showVote(box, data);
        status.textContent = commenting && data.comment ? chrome.feedback_comment_thanks : chrome.feedback_thanks;
        if (!useful && !commenting) reveal(box.querySelector(".vote-comment"), "nearest");  // why, if they wish
      });
    }, function () {
      throw new Error(strings.error_network);
    }).catch(function (error) {
      showError(error.message);
    }).then(function () {
      box.removeAttribute("aria-busy");
    });
  }
  function voteErrorText(status) {
    if (status === 429) return strings.error_rate;
    if (status === 404) return strings.error_gone;
    if (status === 422) return strings.error_long;  // the comment field holds no more than the API takes
    return status >= 500 ? strings.error_server : strings.error_vote;
  }

  // A fresh conversation: the log holds the welcome alone, its starters active again.
  function startFresh(href) {
    remember("");
    Array.prototype.slice.call(log.children, 1).forEach(function (node) { node.remove(); });
    log.querySelectorAll(".welcome .chip").forEach(function (button) { button.disabled = false; });
    showError("");
    showNotice("");
    history.replaceState(null, "", href);
  }

  // Erasing: the conversation is deleted on the server (DELETE, as the widget needs no form token), then
  // the chat starts afresh.
  function erase() {
    var done = function () {
      eraseBox.open = false;
      startFresh(document.getElementById("new").href);
      showNotice(strings.erased);
      input.focus();
    };
    if (!conversationId) { done(); return; }
    showError("");
    fetch(conversationUrl(), { method: "DELETE", headers: { "Accept": "application/json" } }).then(function (response) {
      if (!response.ok && response.status !== 404) {
        throw new Error(response.status === 429 ? strings.error_rate : strings.error_server);
      }
      done();  // a 404: it was erased already
    }, function () {
      throw new Error(strings.error_network);
    }).catch(function (error) {
      showError(error.message);
    });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.closest(".feedback")) {
      event.preventDefault();
      vote(form, event.submitter);
      return;
    }
    if (form.closest(".erase")) {
      event.preventDefault();
      erase();
      return;
    }
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
    startFresh(this.href);
    input.focus();
  });

  if (root.dataset.conversation) remember(root.dataset.conversation);
  loadHistory();
  root.dataset.ready = "true";  // messages now go through the API (what a page embedding the chat can wait for)
})();
