// Small enhancements only: every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.copy-link")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(button.dataset.url);
        button.textContent = "Link copied";
      } catch (err) {
        button.textContent = "Could not copy";
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
