/* Every image of the page once loaded (lazy ones too): its src, its alt, its natural width, and whether
   it is decorative: an empty alt next to a link whose text names what it shows (sphinx-gallery's
   thumbnails beside their title link). */
async () => {
  const images = [...document.images];
  images.forEach((image) => { image.loading = 'eager'; });
  await Promise.all(images.map((image) => image.decode().catch(() => null)));
  const namedByLink = (image) => [...(image.parentElement?.querySelectorAll('a[href]') || [])]
    .some((link) => link.textContent.trim() !== '');
  return images.map((image) => ({
    src: image.getAttribute('src') || '',
    alt: image.getAttribute('alt'),
    naturalWidth: image.naturalWidth,
    decorative: image.getAttribute('alt') === '' && namedByLink(image),
  }));
}
