/* Where a reader would tap the link to this page in another language (`hreflang` starting with `tag`),
   anywhere on the page, or null. Needs on_screen.js. */
(tag) => {
  for (const link of document.querySelectorAll("a[href][hreflang]")) {
    if (!link.hreflang.toLowerCase().startsWith(tag)) continue;
    link.scrollIntoView({ block: "nearest", inline: "nearest" });
    const point = centreOnScreen(link);
    if (point) return point;
  }
  return null;
}
