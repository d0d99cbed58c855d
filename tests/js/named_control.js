/* The centre of the first control on the screen whose name (aria-label, title or text) matches
   `pattern`, or null: what a reader finds by its label or its tooltip. `kinds` narrows the controls
   (a CSS selector; default: buttons, labels and links). */
([pattern, kinds]) => {
  const wanted = new RegExp(pattern, "i");
  for (const control of document.querySelectorAll(kinds || "button, [role=button], label, a[href]")) {
    const name = [control.getAttribute("aria-label"), control.title, control.textContent].join(" ");
    if (!wanted.test(name)) continue;
    const box = control.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (!box.width || !box.height || x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === control || control.contains(hit))) return { x, y };
  }
  return null;
}
