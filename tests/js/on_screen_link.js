/* Where a reader would tap a link to the page at `path` that sits outside the article and its footer
   (a navigation link): the centre of the first such link that is on the screen and not covered by
   anything else, or null when no such link can be seen. Links in a scrollable sidebar are scrolled to. */
(path) => {
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.closest("article, footer, [role=main]")) continue;
    if (new URL(link.href, location.href).pathname !== path) continue;
    link.scrollIntoView({ block: "nearest", inline: "nearest" });
    const box = link.getBoundingClientRect();
    const x = box.left + Math.min(box.width / 2, 40);
    const y = box.top + box.height / 2;
    if (!box.width || !box.height || x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === link || link.contains(hit))) return { x, y };
  }
  return null;
}
