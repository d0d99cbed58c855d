/* The closed <details> whose content is still held as text, and the elements the page has built. */
() => ({
  held: document.querySelectorAll("noscript[data-lazy-details]").length,
  details: document.querySelectorAll("article details").length,
  elements: document.getElementsByTagName("*").length,
})
