/* The page's code blocks, and those without a copy button. */
() => {
  const blocks = [...document.querySelectorAll('div.highlight pre')];
  return {
    blocks: blocks.length,
    without: blocks.filter((pre) => !pre.parentElement.querySelector('button.copybtn'))
                   .map((pre) => pre.textContent.trim().slice(0, 60)),
  };
}
