/* A code block or output wider than the column scrolls sideways; give it a tab stop so that a keyboard
   reader can scroll it too (WCAG 2.1.1; axe: scrollable-region-focusable). Blocks inside a closed answer
   are measured when it opens, so that loading a page lays none of them out. */
const focusableIfScrolling = (root) => {
  for (const block of root.querySelectorAll("pre")) {
    if (!block.closest("details:not([open])") && block.scrollWidth > block.clientWidth) block.tabIndex = 0;
  }
};
window.addEventListener("load", () => focusableIfScrolling(document));
document.addEventListener("toggle", (event) => event.target.open && focusableIfScrolling(event.target), true);
