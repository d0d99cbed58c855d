/* How far the page reaches past the right edge of the screen, in CSS pixels (0 when nothing does). */
() => Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)
