/* Where a reader would tap a link to the page at `path` that sits outside the article and its footer
   (a navigation link), or null when no such link can be seen. Links in a scrollable sidebar are
   scrolled to. Needs on_screen.js. */
(path) => {
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.closest("article, footer, [role=main]")) continue;
    if (new URL(link.href, location.href).pathname !== path) continue;
    link.scrollIntoView({ block: "nearest", inline: "nearest" });
    const point = centreOnScreen(link, 40);
    if (point) return point;
  }
  return null;
}
