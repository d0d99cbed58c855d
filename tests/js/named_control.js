/* The centre of the first control on the screen whose name (aria-label, title or text) matches
   `pattern`, or null: what a reader finds by its label or its tooltip. `kinds` narrows the controls
   (a CSS selector; default: buttons, labels and links). Needs on_screen.js. */
([pattern, kinds]) => {
  const wanted = new RegExp(pattern, "i");
  for (const control of document.querySelectorAll(kinds || "button, [role=button], label, a[href]")) {
    const name = [control.getAttribute("aria-label"), control.title, control.textContent].join(" ");
    const point = wanted.test(name) ? centreOnScreen(control) : null;
    if (point) return point;
  }
  return null;
}
