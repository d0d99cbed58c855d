/* The theme the page shows and the colour of its background. */
() => ({
  theme: document.documentElement.dataset.theme,
  background: getComputedStyle(document.body).backgroundColor,
})
