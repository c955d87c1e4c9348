// Mina mål: each field saves itself when left (htmx, hx-trigger="change"). Here only what
// htmx does not do: hide the plain forms' Save buttons, offer last period's comment as a
// start, and save one's own value again after a conflict.
(() => {
  document.querySelectorAll(".assess-form [data-js-hidden], .observation-form [data-js-hidden]")
    .forEach((element) => {
      element.hidden = true;
    });

  function save(field) {
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", (event) => {
    const previous = event.target.closest("[data-use-previous]");
    if (previous) {
      const field = document.getElementById(previous.dataset.usePrevious);
      if (field && field.dataset.previous !== undefined) {
        field.value = field.dataset.previous;
        save(field);
        field.focus();
      }
      return;
    }
    // After a conflict the version input holds the other person's version: saving again
    // deliberately replaces their value with the one still in the field.
    const again = event.target.closest("[data-resave]");
    if (again) {
      const field = document.getElementById(again.dataset.resave);
      if (field) save(field);
    }
  });
})();
