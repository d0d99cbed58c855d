/* The control a reader taps to open the navigation: the left-most control on the screen in the strip
   at the top of the page (a button or a label, not a link), as its centre, or null. */
() => {
  const controls = [...document.querySelectorAll("button, label, [role=button], summary")]
    .map((control) => [control, control.getBoundingClientRect()])
    .filter(([control, box]) => {
      if (!box.width || !box.height || box.top < 0 || box.bottom > 80 || box.left < 0) return false;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit && (hit === control || control.contains(hit));
    })
    .sort(([, a], [, b]) => a.left - b.left);
  if (!controls.length) return null;
  const [, box] = controls[0];
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}
