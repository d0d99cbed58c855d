/* axe-core's violations on the page (axe must be loaded first), with a few of their elements. */
async (options) => {
  const result = await axe.run(document, {...options, resultTypes: ['violations']});
  return result.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.length,
    targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
  }));
}
