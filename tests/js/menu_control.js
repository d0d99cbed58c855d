/* The control a reader taps to open the navigation: the left-most control on the screen in the strip
   at the top of the page (a button or a label, not a link), as its centre, or null. Needs on_screen.js. */
() => {
  const controls = [...document.querySelectorAll("button, label, [role=button], summary")]
    .map((control) => [centreOnScreen(control), control.getBoundingClientRect()])
    .filter(([point, box]) => point && box.top >= 0 && box.bottom <= 80)
    .sort(([, a], [, b]) => a.left - b.left);
  return controls.length ? controls[0][0] : null;
}
