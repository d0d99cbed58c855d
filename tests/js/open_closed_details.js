/* Open every closed <details> in the article, as a reader does (a click on its summary), and wait until
   their content has faded in (MyST-NB's hidden cells take 0.3 s), so that colours are measured at the
   end; how many were opened. */
async () => {
  const closed = [...document.querySelectorAll("article details:not([open]) > summary")];
  closed.forEach((summary) => summary.click());
  const animations = closed.flatMap((summary) => summary.parentElement.getAnimations({ subtree: true }));
  await Promise.all(animations.map((animation) => animation.finished));
  return closed.length;
}
