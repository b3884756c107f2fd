// The last resort when the wasm stops: a trap (`WebAssembly.RuntimeError`) is what every way of
// dying in it ends in: a panic (the release build aborts at once, with no message: issue #15's
// size), a stack overflow, memory running out. Instead of a page that silently stops answering,
// the page is replaced by a plain "Something went wrong" screen (heading, one sentence, a Reload
// button, what is known folded away for a bug report). It is built here, in JS, with bare DOM
// calls: nothing in the wasm can be trusted to run after a trap. A build whose panics still
// format their message (a debug build) leaves it in `window.zephyrJobsPanic` first
// (src/crash.rs), and the screen shows it. The session token never reaches the log or the
// screen. scripts/externalize_loader.py puts this file at the head of the loader module, so it
// listens before the wasm starts.
(() => {
  "use strict";
  let crashed = false;
  const isTrap = (error) =>
    typeof WebAssembly === "object" && error instanceof WebAssembly.RuntimeError;
  const scrub = (text) => {
    let token = null;
    try {
      token = JSON.parse(sessionStorage.getItem("zephyr-jobs.token"));
    } catch (_) {
      token = null;
    }
    token = typeof token === "string" ? token.trim() : "";
    return token === "" ? text : text.split(token).join("[token removed]");
  };
  const element = (tag, className, text) => {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  };
  const show = (error) => {
    if (crashed) return;
    crashed = true;
    const panic = typeof window.zephyrJobsPanic === "string" ? window.zephyrJobsPanic : "";
    const trap = String((error && error.stack) || error);
    const message = scrub(panic ? panic + "\n\n" + trap : trap);
    console.error("Zephyr Jobs stopped: " + message);

    document.body.className = "";
    document.body.textContent = "";
    document.title = "Something went wrong \u00b7 Zephyr Jobs";
    const main = element("main", "crash");
    const card = element("div", "crash-card card");
    const heading = element("h1", "", "Something went wrong");
    heading.tabIndex = -1;
    const what = element(
      "p",
      "",
      "The app ran into an error it could not recover from and stopped; reload the page to start again (changes you had not saved are lost).",
    );
    const reload = element("button", "button button-primary crash-reload", "Reload");
    reload.type = "button";
    reload.addEventListener("click", () => location.reload());
    const details = element("details", "crash-details");
    details.append(element("summary", "", "Details for a bug report"));
    details.append(element("pre", "crash-message", message));
    card.append(heading, what, reload, details);
    main.append(card);
    document.body.append(main);
    // Whoever was somewhere on the page is told that it changed.
    heading.focus();
  };
  // A trap in a listener or a timer the wasm runs reaches `error`; one in a promise's callback
  // (the wasm's futures) reaches `unhandledrejection`. Other errors are not the wasm's death.
  // The browser's own "Uncaught …" line would log the text unscrubbed: the screen logs it instead.
  window.addEventListener("error", (event) => {
    if (!isTrap(event.error)) return;
    event.preventDefault();
    show(event.error);
  });
  window.addEventListener("unhandledrejection", (event) => {
    if (!isTrap(event.reason)) return;
    event.preventDefault();
    show(event.reason);
  });
})();
