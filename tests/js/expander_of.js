/* The centre of an on-screen control that expands a part of the navigation holding a link to `path`
   (a toggle next to the link of an enclosing section), or null. */
(path) => {
  const onScreen = (element) => {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (!box.width || !box.height || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return null;
    const hit = document.elementFromPoint(x, y);
    return hit && (hit === element || element.contains(hit)) ? { x, y } : null;
  };
  for (const link of document.querySelectorAll("a[href]")) {
    if (link.closest("article, footer, [role=main]")) continue;
    if (new URL(link.href, location.href).pathname !== path) continue;
    for (let item = link.parentElement.closest("li"); item; item = item.parentElement.closest("li")) {
      for (const control of item.querySelectorAll(":scope > label, :scope > button, :scope > details > summary")) {
        if (control.contains(link)) continue;
        control.scrollIntoView({ block: "nearest", inline: "nearest" });
        const point = onScreen(control);
        if (point) return point;
      }
    }
  }
  return null;
}
