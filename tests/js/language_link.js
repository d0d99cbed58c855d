/* Where a reader would tap the link to this page in another language (`hreflang` starting with `tag`),
   anywhere on the page: the centre of the first such link on the screen and not covered, or null. */
(tag) => {
  for (const link of document.querySelectorAll("a[href][hreflang]")) {
    if (!link.hreflang.toLowerCase().startsWith(tag)) continue;
    link.scrollIntoView({ block: "nearest", inline: "nearest" });
    const box = link.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (!box.width || !box.height || x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && (hit === link || link.contains(hit))) return { x, y };
  }
  return null;
}
