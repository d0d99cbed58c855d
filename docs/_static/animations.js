/* Load a gallery animation's frames when the reader starts it (docs/_ext/animations.py).
   Until then the page holds the first frame only; a click made while the frames load is replayed. */
document.querySelectorAll(".animation img[data-frames]").forEach((image) => {
  const animation = image.closest(".animation");
  let state = "waiting";
  const clicked = [];
  const load = () => {
    if (state !== "waiting") return;
    state = "loading";
    const script = document.createElement("script");
    script.src = image.dataset.frames;
    // The frames' script creates the player in a zero timeout: replay the clicks after it.
    script.onload = () => setTimeout(() => {
      state = "ready";
      clicked.splice(0).forEach((target) => target.click());
    }, 0);
    document.head.append(script);
  };
  const hold = (event) => {
    if (state === "ready") return;
    event.stopPropagation();
    if (event.type === "click") {
      event.preventDefault();
      clicked.push(event.target.closest("button") || event.target);
    }
    load();
  };
  animation.addEventListener("pointerenter", load);
  animation.addEventListener("focusin", load);
  animation.addEventListener("click", hold, true);
  animation.addEventListener("input", hold, true);
});
