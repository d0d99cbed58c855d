/* Run before a page's own scripts: window.centreOnScreen(element, x) is where a reader would tap
   `element` (its centre, or `x` pixels in from its left edge), or null when it is off the screen,
   has no size, or something else covers that point. */
window.centreOnScreen = (element, x) => {
  const box = element.getBoundingClientRect();
  const point = { x: box.left + (x === undefined ? box.width / 2 : Math.min(box.width / 2, x)), y: box.top + box.height / 2 };
  if (!box.width || !box.height || point.x < 0 || point.y < 0 || point.x > innerWidth || point.y > innerHeight) {
    return null;
  }
  const hit = document.elementFromPoint(point.x, point.y);
  return hit && (hit === element || element.contains(hit) || hit.contains(element)) ? point : null;
};
