/* Build a closed <details>' content when the reader opens it (docs/_ext/lazy_details.py).
   Until then it is the text of a <noscript data-lazy-details>: text while scripts run, elements without. */
(() => {
  const HELD = "noscript[data-lazy-details]";
  // sphinx_highlight forgets the search terms once it has highlighted them (at DOMContentLoaded); a
  // deferred script runs before that event, so they are read here, for the code and text built later.
  const address = new URL(window.location);
  const terms = (localStorage.getItem("sphinx_highlight_terms") || address.searchParams.get("highlight") || "")
    .toLowerCase().split(/\s+/).filter(Boolean);
  let copyTargets = 0;

  // sphinx-copybutton's button (its markup, icon and messages), for the code blocks it did not see.
  const addCopyButtons = (element) => {
    if (typeof iconCopy === "undefined" || typeof messages === "undefined") return;
    element.querySelectorAll("div.highlight pre").forEach((pre) => {
      pre.id = `codecell-opened${copyTargets++}`;
      const button = document.createElement("button");
      button.className = "copybtn o-tooltip--left";
      button.dataset.tooltip = (messages[locale] || messages.en).copy;
      button.dataset.clipboardTarget = `#${pre.id}`;
      button.innerHTML = iconCopy;
      pre.after(button);
    });
  };

  const highlight = (element) => {
    if (typeof _highlightText !== "function") return;
    terms.forEach((term) => _highlightText(element, term, "highlighted"));
  };

  const build = (held) => {
    const template = document.createElement("template");
    template.innerHTML = held.textContent;
    const built = [...template.content.children];
    held.replaceWith(template.content);
    built.forEach((element) => {
      addCopyButtons(element);
      highlight(element);
    });
  };

  const buildIn = (details) => details.querySelectorAll(`:scope > ${HELD}`).forEach(build);

  // On the click, before the details opens, so that it opens with its content; "toggle" for the rest.
  document.addEventListener("click", (event) => {
    const summary = event.target.closest && event.target.closest("details > summary");
    if (summary) buildIn(summary.parentElement);
  }, true);
  document.addEventListener("toggle", (event) => {
    if (event.target.open) buildIn(event.target);
  }, true);

  // An address whose #id is inside a closed details: build it, open it, and go there.
  const reveal = () => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!id || document.getElementById(id)) return;
    const attribute = ` id="${id}"`;
    const held = [...document.querySelectorAll(HELD)].find((element) => element.textContent.includes(attribute));
    if (!held) return;
    build(held);
    const target = document.getElementById(id);
    for (let details = target.closest("details"); details; details = details.parentElement.closest("details")) {
      details.open = true;
    }
    target.scrollIntoView();
  };
  reveal();
  window.addEventListener("hashchange", reveal);
})();
