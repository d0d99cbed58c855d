/* The centre of an on-screen control that expands a part of the navigation holding a link to `path`
   (a toggle next to the link of an enclosing section), or null. Needs on_screen.js. */
(path) => {
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.closest("article, footer, [role=main]")) continue;
    if (new URL(link.href, location.href).pathname !== path) continue;
    for (let item = link.parentElement.closest("li"); item; item = item.parentElement.closest("li")) {
      for (const control of item.querySelectorAll(":scope > label, :scope > button, :scope > details > summary")) {
        if (control.contains(link)) continue;
        control.scrollIntoView({ block: "nearest", inline: "nearest" });
        const point = centreOnScreen(control);
        if (point) return point;
      }
    }
  }
  return null;
}
