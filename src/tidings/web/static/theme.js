// Loaded in <head> without defer, so the reader's chosen theme applies before the first
// paint; without it (or without JavaScript) the page follows prefers-color-scheme.
// It also marks what this browser can do, so that the buttons app.js brings to life keep
// their place from the first paint instead of pushing the page down when they appear.
"use strict";
(() => {
  const root = document.documentElement;
  try {
    const theme = localStorage.getItem("tidings-theme");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  } catch (err) {
    // Storage blocked: follow the system.
  }
  root.classList.add("js");
  if (navigator.clipboard) root.classList.add("can-copy");
  if ("caches" in window && navigator.serviceWorker) root.classList.add("can-save");
})();
