// Draw every chart of the page from its Vega-Lite spec (embedded as JSON next to it).
// An enhancement only: without JavaScript the page still lists the same data in tables.
document.querySelectorAll("[data-chart]").forEach((element) => {
  const source = document.getElementById(element.dataset.chart);
  if (!source || typeof vegaEmbed !== "function") return;
  vegaEmbed(element, JSON.parse(source.textContent), { actions: false, renderer: "svg" });
});
