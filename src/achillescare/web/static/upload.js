// Upload enhancements (the form works without them): drop files anywhere on the drop zone, and
// see the upload's progress while htmx sends it.
(() => {
  const zone = document.querySelector(".dropzone");
  if (!zone) return;
  const input = zone.querySelector('input[type="file"]');
  const bar = zone.querySelector("progress");
  ["dragenter", "dragover"].forEach((name) =>
    zone.addEventListener(name, (event) => { event.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach((name) =>
    zone.addEventListener(name, () => zone.classList.remove("over")));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) input.files = event.dataTransfer.files;
  });
  zone.addEventListener("htmx:xhr:progress", (event) => {
    if (!bar || !event.detail.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((100 * event.detail.loaded) / event.detail.total);
  });
  zone.addEventListener("htmx:afterRequest", () => { if (bar) bar.hidden = true; });
})();
