/* The search fields and search buttons a reader can see and reach on the screen, by their centres.
   Needs on_screen.js. */
() => {
  const named = (element) =>
    [element.getAttribute("aria-label"), element.getAttribute("placeholder"), element.title,
     element.textContent].join(" ");
  return [...document.querySelectorAll("input, button, [role=button], [role=searchbox]")]
    .filter((element) => element.type !== "hidden" && /search|搜索/i.test(named(element)))
    .map((element) => centreOnScreen(element))
    .filter((point) => point);
}
