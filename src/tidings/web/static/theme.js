// Loaded in <head> without defer, so the reader's chosen theme applies before the first
// paint; without it (or without JavaScript) the page follows prefers-color-scheme.
"use strict";
try {
  const theme = localStorage.getItem("tidings-theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch (err) {
  // Storage blocked: follow the system.
}
