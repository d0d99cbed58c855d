/* Whether the element with this id exists, sits in an open <details> and is in the window. */
(id) => {
  const target = document.getElementById(id);
  if (!target) return null;
  const box = target.getBoundingClientRect();
  const details = target.closest("details");
  return { open: details ? details.open : null, inWindow: box.top >= 0 && box.bottom <= window.innerHeight };
}
