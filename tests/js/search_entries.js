/* The search fields and search buttons a reader can see and reach on the screen, by their centres. */
() => {
  const named = (element) =>
    [element.getAttribute("aria-label"), element.getAttribute("placeholder"), element.title,
     element.textContent].join(" ");
  return [...document.querySelectorAll("input, button, [role=button], [role=searchbox]")]
    .filter((element) => element.type !== "hidden" && /search|搜索/i.test(named(element)))
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => {
      const x = box.left + box.width / 2, y = box.top + box.height / 2;
      if (!box.width || !box.height || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return hit && (hit === element || element.contains(hit) || hit.contains(element));
    })
    .map(([, box]) => ({ x: box.left + box.width / 2, y: box.top + box.height / 2 }));
}
