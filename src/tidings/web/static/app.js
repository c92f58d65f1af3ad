// Small enhancements only: every page works without this file. Words shown to the reader
// come from data- attributes the server rendered in the reader's language.
"use strict";

// The caches sw.js fills; their names are shared with it.
const SAVED = "tidings-saved";
const MEDIA = "tidings-saved-media";
const RECENT = "tidings-recent";
const THEME_KEY = "tidings-theme";
const CARDS = "article.card, article.story-card";
const GLYPHS = { system: "◐", light: "☀", dark: "☾" };

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function copyLinks() {
  for (const button of $$("button.copy-link")) {
    if (!navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const label = button.textContent;
      try {
        await navigator.clipboard.writeText(button.dataset.url);
        button.textContent = button.dataset.copied;
      } catch (err) {
        button.textContent = button.dataset.failed;
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
}

function themeToggle() {
  const button = $("button.theme-toggle");
  if (!button) return;
  const root = document.documentElement;
  const current = () => root.dataset.theme || "system";
  const show = () => {
    const label = button.dataset[current()];
    button.textContent = GLYPHS[current()];
    button.setAttribute("aria-label", label);
    button.title = label;
  };
  button.addEventListener("click", () => {
    // From "as the device", the first click always changes what the reader sees.
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    const order = dark ? ["system", "light", "dark"] : ["system", "dark", "light"];
    const next = order[(order.indexOf(current()) + 1) % order.length];
    try {
      if (next === "system") localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next);
    } catch (err) {
      // Storage blocked: the choice lasts for this page only.
    }
    if (next === "system") delete root.dataset.theme;
    else root.dataset.theme = next;
    show();
  });
  show();
  button.hidden = false;
}

function moveAmongCards(step) {
  const cards = $$(CARDS);
  if (cards.length === 0) return;
  let index = cards.findIndex((card) => card.contains(document.activeElement));
  if (index === -1) {
    // Start from the first card in view rather than the top of a scrolled page.
    index = Math.max(0, cards.findIndex((card) => card.getBoundingClientRect().bottom > 64));
  } else {
    index = Math.min(cards.length - 1, Math.max(0, index + step));
  }
  const link = $(".card-title a, .story-card-title a", cards[index]);
  if (!link) return;
  link.focus({ preventScroll: true });
  cards[index].scrollIntoView({ block: "nearest" });
}

function focusSearch(dialog) {
  const box = $('input[type="search"]');
  if (box) {
    box.focus();
    box.select();
  } else if (dialog && dialog.dataset.search) {
    location.href = dialog.dataset.search;
  }
}

function shortcuts() {
  const dialog = $("dialog.shortcuts");
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = "input, textarea, select, [contenteditable]";
    if (event.target instanceof Element && event.target.closest(typing)) return;
    if (dialog && dialog.open) return; // Esc closes it natively.
    if (event.key === "j") moveAmongCards(1);
    else if (event.key === "k") moveAmongCards(-1);
    else if (event.key === "/") focusSearch(dialog);
    else if (event.key === "?" && dialog && dialog.showModal) dialog.showModal();
    else return;
    event.preventDefault();
  });
}

function offlineNotice() {
  const notice = $(".offline-notice");
  if (!notice) return;
  const update = () => { notice.hidden = navigator.onLine; };
  addEventListener("online", update);
  addEventListener("offline", update);
  update();
}

// The article's own images when this site serves them (the media proxy); publishers' are out of
// reach (the CSP lets scripts fetch from this site only).
function ownImages(page = document) {
  return [...page.querySelectorAll(".lead-figure img, .story-body img")]
    .map((img) => new URL(img.getAttribute("src") || "", location.href))
    .filter((u) => u.origin === location.origin && u.pathname.startsWith("/media/"))
    .map((u) => u.pathname + u.search);
}

// This page and its own images kept for offline reading, or let go.
async function keepOffline(url) {
  const saved = await caches.open(SAVED);
  const media = await caches.open(MEDIA);
  // The copy the worker kept when this page loaded; fetched afresh when there is none.
  const kept = await caches.match(url, { cacheName: RECENT, ignoreVary: true });
  if (kept) await saved.put(url, kept);
  else await saved.add(url);
  // Images are extras: one that fails to load leaves the article saved.
  await Promise.all(ownImages().map((src) => media.add(src).catch(() => {})));
}

async function dropOffline(url) {
  const media = await caches.open(MEDIA);
  await (await caches.open(SAVED)).delete(url);
  await Promise.all(ownImages().map((src) => media.delete(src)));
}

// A signed-in reader's one save: the list on the server, and an offline copy here. The
// form is sent whatever happens to the copy.
function saveForm() {
  const form = $("form.save-form[data-keep-offline]");
  if (!form || !("caches" in window) || !navigator.serviceWorker) return;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const url = location.pathname;
    const saving = !form.action.endsWith("/unsave");
    (saving ? keepOffline(url) : dropOffline(url)).catch(() => {}).finally(() => form.submit());
  }, { once: true });
}

async function saveButton() {
  const button = $("button.save-offline");
  if (!button || !("caches" in window) || !navigator.serviceWorker) return;
  const url = location.pathname;
  const saved = await caches.open(SAVED);
  const show = (isSaved) => {
    button.textContent = isSaved ? button.dataset.remove : button.dataset.save;
  };
  show(Boolean(await saved.match(url)));
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      if (await saved.match(url)) {
        await dropOffline(url);
        show(false);
        return;
      }
      await keepOffline(url);
      show(true);
    } catch (err) {
      button.textContent = button.dataset.failed;
    }
  });
}

function titleOf(html) {
  // An article page's <title> is "Headline · Outlet · Site".
  const found = /<title>([^<]*)<\/title>/.exec(html);
  if (!found) return ["", ""];
  const text = new DOMParser().parseFromString(found[1], "text/html").body.textContent;
  const parts = text.split(" · ");
  return parts.length > 2 ? [parts.slice(0, -2).join(" · "), parts.at(-2)] : [text, ""];
}

async function offlineLists() {
  const page = $("[data-offline-page]");
  if (!page || !("caches" in window) || !navigator.serviceWorker) return;
  $("[data-offline-unsupported]", page).hidden = true;
  const shown = new Set();
  for (const list of $$("ul[data-cache]", page)) {
    const cache = await caches.open(`tidings-${list.dataset.cache}`);
    const empty = list.nextElementSibling;
    // Newest first: a page kept again moves to the end of its cache.
    for (const request of (await cache.keys()).reverse()) {
      const path = new URL(request.url).pathname;
      if (shown.has(path)) continue;
      shown.add(path);
      const response = await cache.match(request);
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = path;
      const html = await response.text();
      const [headline, outlet] = titleOf(html);
      link.textContent = headline || path;
      const about = document.createElement("span");
      about.textContent = outlet;
      item.append(link, about);
      if (list.dataset.remove) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button";
        remove.textContent = list.dataset.remove;
        remove.setAttribute("aria-label", `${list.dataset.remove}: ${link.textContent}`);
        remove.addEventListener("click", async () => {
          await cache.delete(request);
          const media = await caches.open(MEDIA);
          const kept = new DOMParser().parseFromString(html, "text/html");
          await Promise.all(ownImages(kept).map((src) => media.delete(src)));
          item.remove();
          empty.hidden = list.children.length > 0;
        });
        item.append(remove);
      }
      list.append(item);
    }
    empty.hidden = list.children.length > 0;
  }
}

// Asking about an article answers inside its panel: the form's own address with
// partial=1 returns the answer alone, which replaces the panel's answer. The page, the
// question and the reader's place stay. Anything but an answer or a refused question
// (a network error, a server error) falls back to loading the answer page as without this.
function askInPlace() {
  for (const form of $$("form[data-answer-in]")) {
    const slot = document.getElementById(form.dataset.answerIn);
    if (!slot) continue;
    let current = null;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (current) current.abort();
      const asking = new AbortController();
      current = asking;
      const url = new URL(form.action, location.href);
      const query = new URLSearchParams(new FormData(form));
      query.set("partial", "1");
      url.search = query.toString();
      url.hash = "";
      slot.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(url, { signal: asking.signal, credentials: "same-origin" });
        if (!response.ok && response.status !== 422) throw new Error(`HTTP ${response.status}`);
        const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
        slot.replaceChildren(...Array.from(parsed.body.childNodes));
      } catch (err) {
        if (asking.signal.aborted) return;
        form.submit();
      } finally {
        if (current === asking) {
          current = null;
          slot.removeAttribute("aria-busy");
        }
      }
    });
  }
}

// A link to a sentence of the article on this page (a key point's number, an answer's
// "show in the article") scrolls to the sentence, marks it and moves the focus there, so
// that a screen reader reads it next. Without this file the link still goes there and
// CSS :target marks it.
function markSentence(id) {
  const target = document.getElementById(id);
  if (!target || !target.closest(".story-body")) return false;
  // An empty anchor at the start of a block stands for the whole block.
  const shown = target.classList.contains("sentence-anchor") ? target.parentElement : target;
  for (const old of $$(".story-body .is-marked")) old.classList.remove("is-marked");
  shown.classList.add("is-marked");
  if (!shown.hasAttribute("tabindex")) shown.setAttribute("tabindex", "-1");
  // A real fragment navigation: the address can be shared, Back returns, :target agrees.
  if (location.hash !== `#${id}`) location.hash = id;
  shown.scrollIntoView({ block: "nearest" });
  shown.focus({ preventScroll: true });
  return true;
}

function sentenceLinks() {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest("a[href*='#s-']") : null;
    if (!link) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname) return;
    if (markSentence(decodeURIComponent(url.hash.slice(1)))) event.preventDefault();
  });
}

// Signing out forgets the pages kept on this device: they may show the reader's name.
function forgetOnSignOut() {
  for (const form of $$('form[action$="/signout"]')) {
    form.addEventListener("submit", (event) => {
      if (!window.caches) return;
      event.preventDefault();
      caches.keys()
        .then((names) => Promise.all(
          names.filter((n) => !n.startsWith("tidings-shell-")).map((n) => caches.delete(n))))
        .catch(() => {})
        .finally(() => form.submit());
    });
  }
}

// Installing the app: the browser's own prompt where it offers one (beforeinstallprompt),
// the steps on iOS Safari (which has no prompt); either one until the reader says no.
const INSTALL_DISMISSED = "tidings-install-dismissed";
let installEvent = null;

function installDismissed() {
  try {
    return localStorage.getItem(INSTALL_DISMISSED) === "1";
  } catch (err) {
    return false;
  }
}

function dismissInstall() {
  try {
    localStorage.setItem(INSTALL_DISMISSED, "1");
  } catch (err) {
    // Storage blocked: the offer stays away for this page only.
  }
  for (const offer of $$(".install-offer")) offer.hidden = true;
}

function showInstallOffer() {
  const offer = $(".install-offer.install-prompt");
  if (offer && installEvent && !installDismissed()) offer.hidden = false;
}

addEventListener("beforeinstallprompt", (event) => {
  // Keep the browser's prompt for our quiet button instead of its own banner.
  event.preventDefault();
  installEvent = event;
  if (document.readyState !== "loading") showInstallOffer();
});

addEventListener("appinstalled", () => {
  installEvent = null;
  for (const offer of $$(".install-offer")) offer.hidden = true;
});

function iosSafari() {
  const ua = navigator.userAgent;
  const ios = /iPad|iPhone|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  return ios && /Safari/.test(ua) && !/CriOS|FxiOS|EdgiOS|OPiOS|GSA/.test(ua) && navigator.standalone !== true;
}

function installOffer() {
  for (const button of $$(".install-offer .install-dismiss")) {
    button.addEventListener("click", dismissInstall);
  }
  const install = $(".install-offer .install-button");
  if (install) {
    install.addEventListener("click", async () => {
      if (!installEvent) return;
      const event = installEvent;
      installEvent = null;
      install.closest(".install-offer").hidden = true;
      event.prompt();
      try {
        const choice = await event.userChoice;
        if (choice.outcome === "dismissed") dismissInstall();
      } catch (err) {
        // The browser withdrew its prompt: nothing to remember.
      }
    });
  }
  const ios = $(".install-offer.install-ios");
  if (ios && iosSafari() && !installDismissed()) ios.hidden = false;
  showInstallOffer();
}

// "N new articles" on the home page: asks the server every minute while the page is in
// view, with the newest article the page was rendered with; a click loads the page again.
const NEW_ARTICLES_EVERY = 60000;

function newArticlesNotice() {
  const notice = $("p.new-articles[data-since]");
  if (!notice || !window.fetch) return;
  const link = $("a", notice);
  const url = new URL(notice.dataset.endpoint, location.href);
  url.searchParams.set("since", notice.dataset.since);
  let timer = null;
  const check = async () => {
    try {
      const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const found = await response.json();
      if (found.count > 0) {
        link.textContent = found.label;
        notice.hidden = false;
      }
    } catch (err) {
      // Offline or the server away: try again at the next tick.
    }
  };
  const start = () => { if (timer === null) timer = setInterval(check, NEW_ARTICLES_EVERY); };
  const stop = () => { clearInterval(timer); timer = null; };
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      stop();
    } else {
      check();
      start();
    }
  });
  if (!document.hidden) start();
}

document.addEventListener("DOMContentLoaded", () => {
  installOffer();
  newArticlesNotice();
  forgetOnSignOut();
  askInPlace();
  sentenceLinks();
  copyLinks();
  themeToggle();
  shortcuts();
  offlineNotice();
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  }
  saveForm();
  saveButton().catch(() => {});
  offlineLists().catch(() => {});
});
