/* The box of the article's first paragraph with text, scrolled into view, for a screenshot of it. */
() => {
  const paragraph = [...document.querySelectorAll("article p")].find((p) => p.textContent.trim().length > 40);
  paragraph.scrollIntoView({ block: "center" });
  const box = paragraph.getBoundingClientRect();
  return { x: box.left, y: box.top, width: box.width, height: Math.min(box.height, 120) };
}
