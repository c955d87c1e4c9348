// An entry grid as a spreadsheet (the forecast's, a committee budget's: every form marked
// data-entry-grid): keyboard moves, taking a proposal, pasting cells copied from Excel.
// Saving is htmx's (hx-trigger="change" on each cell); without JavaScript the grid is a
// plain form with a Save button.
document.querySelectorAll("form[data-entry-grid]").forEach((grid) => {
  grid.querySelectorAll("[data-js-hidden]").forEach((element) => {
    element.hidden = true;
  });

  const cells = () => Array.from(grid.querySelectorAll(".grid-input"));
  const columnOf = (input) => input.dataset.col;

  function move(input, rows, columns) {
    const all = cells();
    if (columns !== 0) {
      const next = all[all.indexOf(input) + columns];
      if (next) focusCell(next);
      return;
    }
    const column = all.filter((cell) => columnOf(cell) === columnOf(input));
    const next = column[column.indexOf(input) + rows];
    if (next) focusCell(next);
  }

  function focusCell(input) {
    input.focus();
    if (input.select) input.select();
  }

  function setValue(input, value) {
    if (input.value === value) return;
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function atStart(input) {
    return input.selectionStart === 0 && input.selectionEnd === 0;
  }

  function atEnd(input) {
    return input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
  }

  grid.addEventListener("keydown", (event) => {
    const input = event.target.closest(".grid-input");
    if (!input || event.altKey || event.ctrlKey || event.metaKey) return;
    const isText = input.tagName === "TEXTAREA";
    switch (event.key) {
      case "Enter":
        if (isText && event.shiftKey) return; // a new line in a comment
        event.preventDefault();
        move(input, event.shiftKey ? -1 : 1, 0);
        break;
      case "ArrowDown":
        if (isText && !atEnd(input)) return;
        event.preventDefault();
        move(input, 1, 0);
        break;
      case "ArrowUp":
        if (isText && !atStart(input)) return;
        event.preventDefault();
        move(input, -1, 0);
        break;
      case "ArrowRight":
        if (!atEnd(input)) return;
        event.preventDefault();
        move(input, 0, 1);
        break;
      case "ArrowLeft":
        if (!atStart(input)) return;
        event.preventDefault();
        move(input, 0, -1);
        break;
      case "*":
        if (input.dataset.proposal === undefined) return;
        event.preventDefault();
        setValue(input, input.dataset.proposal);
        break;
      case "Escape":
        // A list (a select) has no typed value to undo: Escape only closes it.
        if (input.defaultValue === undefined) return;
        input.value = input.defaultValue;
        break;
      default:
    }
  });

  // Cells copied from Excel: one row per line, its values tab-separated, filled downwards
  // and to the right from this cell (a single value is an ordinary paste).
  grid.addEventListener("paste", (event) => {
    const input = event.target.closest(".amount-input");
    if (!input) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n");
    if (lines.length < 2 && !lines[0].includes("\t")) return;
    event.preventDefault();
    const all = cells();
    const columns = [...new Set(all.map(columnOf))];
    const first = columns.indexOf(columnOf(input));
    const start = all.filter((cell) => columnOf(cell) === columnOf(input)).indexOf(input);
    lines.forEach((line, down) => {
      line.split("\t").forEach((value, across) => {
        const column = all.filter((cell) => columnOf(cell) === columns[first + across]);
        const target = column[start + down];
        if (target && target.classList.contains("amount-input")) setValue(target, value.trim());
      });
    });
  });

  grid.addEventListener("click", (event) => {
    const take = event.target.closest("[data-take]");
    if (take) {
      const input = document.getElementById(take.dataset.take);
      if (input && input.dataset.proposal !== undefined) {
        setValue(input, input.dataset.proposal);
        input.focus();
      }
      return;
    }
    const previous = event.target.closest("[data-use-previous]");
    if (previous) {
      const input = document.getElementById(previous.dataset.usePrevious);
      if (input) {
        setValue(input, input.dataset.previous);
        input.focus();
      }
      return;
    }
    const keep = event.target.closest("[data-keep]");
    if (keep) {
      // After a conflict the cell holds the other person's version number: saving again
      // deliberately replaces their value with this one.
      const input = document.getElementById(keep.dataset.keep);
      if (input) {
        input.value = keep.dataset.value;
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  });
});

// A folded unit of a committee's budget grid opened in place (htmx swaps in its block): the
// listeners above are the form's, so its new cells move and paste as the others; the focus
// goes to its first cell, or its heading when it can only be read.
document.addEventListener("htmx:afterSwap", (event) => {
  const block = event.target;
  if (!(block instanceof Element) || !block.matches("[data-unit-block]")) return;
  const first = block.querySelector(".grid-input") || block.querySelector("th[tabindex]");
  if (first) first.focus();
});
