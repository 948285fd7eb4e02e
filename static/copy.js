// Copy buttons: <button data-copy="ID" data-copied="…"> puts the text of the element ID on the clipboard
// and says so in the status element that follows it. Without the clipboard, the button stays hidden.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const target = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector("[role=status]");
    if (!target) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(target.innerText.trim());
      if (status) status.textContent = button.dataset.copied;
    });
  });
});
