// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-autosubmit-fallback]").forEach((button) => {
    button.hidden = true;
  });
});
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});
// A table that scrolls sideways keeps its first column in place (tertial.css); the box's scroll
// padding is that column's width, so a cell reached with Tab or Shift+Tab is scrolled clear of it.
function padTableScrollers() {
  document.querySelectorAll(".table-scroll, .table-container").forEach((box) => {
    const first = box.querySelector("tr > :first-child");
    box.style.scrollPaddingLeft = first ? `${first.offsetWidth}px` : "";
  });
}
document.addEventListener("DOMContentLoaded", padTableScrollers);
window.addEventListener("resize", padTableScrollers);
document.addEventListener("htmx:afterSettle", padTableScrollers);
