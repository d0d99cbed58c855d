/* Open every closed <details> in the article, as a reader does (a click on its summary); how many. */
() => {
  const closed = [...document.querySelectorAll("article details:not([open]) > summary")];
  closed.forEach((summary) => summary.click());
  return closed.length;
}
