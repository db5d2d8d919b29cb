// Draw every chart of the page from its Vega-Lite spec (embedded as JSON next to it).
// An enhancement only: without JavaScript the page still lists the same data in tables.
// The chart's container is the accessible image (role="img" and an aria-label that says what
// the chart shows), so the SVG Vega draws inside it is hidden from assistive technology: its
// marks would otherwise be read one by one, most of them unlabelled (axe: svg-img-alt).
document.querySelectorAll("[data-chart]").forEach((element) => {
  const source = document.getElementById(element.dataset.chart);
  if (!source || typeof vegaEmbed !== "function") return;
  vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" }).then(
    () => element.querySelector("svg")?.setAttribute("aria-hidden", "true"),
  );
});
