/* The absolute addresses the given links lead to. */
(links) => links.map((link) => link.href)
