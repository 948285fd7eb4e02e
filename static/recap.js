// The recap's copy button: the recap as plain text (the article's words and the reader's), to the clipboard.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("copy-recap");
  const recap = document.getElementById("recap");
  if (!button || !recap || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const parts = [...recap.querySelectorAll("h1, .subtitle, h2, blockquote p, .recap-reader")];
    await navigator.clipboard.writeText(parts.map((node) => node.innerText.trim()).join("\n\n"));
    document.getElementById("copy-status").textContent = button.dataset.copied;
  });
});
