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
// A box that scrolls can be reached with Tab and scrolled with the arrow keys, and is named as
// a region after its table (WCAG 2.1.1); a box that fits is no stop on the way.
function padTableScrollers() {
  document.querySelectorAll(".table-scroll, .table-container").forEach((box) => {
    const first = box.querySelector("tr > :first-child");
    box.style.scrollPaddingLeft = first ? `${first.offsetWidth}px` : "";
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.dataset.scrolls = "";
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", tableName(box));
    } else if ("scrolls" in box.dataset) {
      delete box.dataset.scrolls;
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  });
}
// A table's name: its caption or label, else the heading before it.
function tableName(box) {
  const table = box.querySelector("table");
  const own = table && (table.caption?.textContent || table.getAttribute("aria-label"));
  if (own) return own.trim();
  for (let node = box; node && node !== document.body; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      const heading = before.matches("h1, h2, h3, h4, h5, h6")
        ? before
        : [...before.querySelectorAll("h1, h2, h3, h4, h5, h6")].pop();
      if (heading) return heading.textContent.trim();
    }
  }
  return document.title;
}
document.addEventListener("DOMContentLoaded", padTableScrollers);
window.addEventListener("resize", padTableScrollers);
document.addEventListener("htmx:afterSettle", padTableScrollers);


// A field that saves itself (htmx, hx-swap="none") has its message at #msg-<the field's id>,
// and the answer to a save brings that message anew: empty, an error or a conflict. Without
// an answer for the field (the server failed, the network is down, the session has ended)
// the message of the value before would stay under the new value; so the message goes when
// a save starts, and a save that is not answered says that the value was not saved.
const savingMessages = new WeakMap();

document.addEventListener("htmx:beforeRequest", (event) => {
  const field = event.detail.elt;
  const message = field.id && document.getElementById(`msg-${field.id}`);
  if (!message) return;
  message.replaceChildren();
  field.removeAttribute("aria-invalid");
  field.closest(".cell-input")?.classList.remove("has-error", "has-conflict");
  savingMessages.set(field, message);
});

document.addEventListener("htmx:afterRequest", (event) => {
  // A field swapped out by its answer (a forecast cell) no longer reaches the document: it
  // was answered. A field that stays was answered if its message was replaced.
  const field = event.detail.elt;
  const message = savingMessages.get(field);
  savingMessages.delete(field);
  if (!message) return;
  const answered = document.getElementById(message.id);
  if (event.detail.successful && (!message.isConnected || answered !== message)) {
    // A field that stays (an assessment, a report text) is tied to the refusal or conflict
    // its answer brought, as a cell swapped in with its message is by the server.
    if (answered && answered.textContent.trim() && field.isConnected) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", answered.id);
    }
    return;
  }
  message.textContent = document.body.dataset.saveFailed;
  field.setAttribute("aria-invalid", "true");
  field.setAttribute("aria-describedby", message.id);
  field.closest(".cell-input")?.classList.add("has-error");
});
