/* The editor's writing aids, an enhancement only: without them the body is a plain Markdown box
   (its help line says how to write it) and Save is a button like any other.
   - the formatting bar (articles/_format_bar.html) is shown, and each of its buttons writes the
     Markdown for the selection in the body: **bold**, *italic*, "## " subheading, "> " quote,
     "- " list, [link](https://); pressed again on formatted text, it takes the marks away;
   - the bar is one Tab stop: the arrow keys, Home and End move along it (ARIA toolbar pattern);
   - in the body, Ctrl/Cmd+B, I and K do what Bold, Italic and Link do;
   - Ctrl/Cmd+S anywhere on the page presses the form's button marked with that shortcut (Save).
   Edits go through the browser's own editing (so Ctrl+Z undoes them) and fire "input", so the
   word count, the live preview and a draft's autosave follow them like typing. */
(function () {
  "use strict";

  var SHORTCUTS = { b: "bold", i: "italic", k: "link" };
  var LINE_MARKS = { heading: "## ", quote: "> ", list: "- " };
  var LINK_PLACEHOLDER = "https://";

  // Replace start..end of the box's text with `text`, then select selStart..selEnd.
  function replace(box, start, end, text, selStart, selEnd) {
    box.focus();
    box.setSelectionRange(start, end);
    var done = false;
    try { done = document.execCommand("insertText", false, text); } catch (e) { done = false; }
    if (!done || box.value.slice(start, start + text.length) !== text) {
      box.setRangeText(text, start, end, "end");
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }
    box.setSelectionRange(selStart, selEnd);
  }

  // How many `*` touch position `at` going backwards (step -1) or forwards (step 1), up to 3.
  function run(value, at, step) {
    var count = 0;
    var index = step < 0 ? at - 1 : at;
    while (count < 3 && value.charAt(index) === "*") { count += 1; index += step; }
    return count;
  }

  // **bold** and *italic*: wrap the selection (its trailing space stays outside), or unwrap it.
  function emphasis(box, mark) {
    var value = box.value;
    var start = box.selectionStart;
    var end = box.selectionEnd;
    var selected = value.slice(start, end);
    var core = selected.replace(/\s+$/, "");
    var around = Math.min(run(value, start, -1), run(value, end, 1));
    var isOn = mark.length === 2 ? around >= 2 : around === 1 || around === 3;
    if (isOn) {
      replace(box, start - mark.length, end + mark.length, selected,
        start - mark.length, end - mark.length);
      return;
    }
    var inner = core.slice(mark.length, core.length - mark.length);
    var wrapped = core.length > 2 * mark.length && core.indexOf(mark) === 0 &&
      core.slice(-mark.length) === mark && Math.min(run(core, mark.length, -1), run(core, core.length - mark.length, 1)) === mark.length;
    if (wrapped) {  // the marks were selected too
      replace(box, start, start + core.length, inner, start, start + inner.length);
      return;
    }
    var text = mark + core + mark + selected.slice(core.length);
    replace(box, start, end, text, start + mark.length, start + mark.length + core.length);
  }

  // [text](https://) with the address selected, ready to paste over; a selected address becomes
  // the link's target, with the caret where its text goes.
  function link(box) {
    var start = box.selectionStart;
    var end = box.selectionEnd;
    var selected = box.value.slice(start, end).trim();
    if (/^(https?:\/\/|mailto:)\S+$/.test(selected)) {
      replace(box, start, end, "[](" + selected + ")", start + 1, start + 1);
      return;
    }
    var text = "[" + selected + "](" + LINK_PLACEHOLDER + ")";
    var address = start + selected.length + 3;
    if (!selected) { replace(box, start, end, text, start + 1, start + 1); return; }
    replace(box, start, end, text, address, address + LINK_PLACEHOLDER.length);
  }

  // "## ", "> " and "- " at the start of each selected line; taken away when every line has it.
  // The block gets blank lines around it (Markdown would run the next line into a quote or list).
  function lineMark(box, kind) {
    var mark = LINE_MARKS[kind];
    var value = box.value;
    var selStart = box.selectionStart;
    var selEnd = box.selectionEnd;
    // Whole lines: from the start of the first to the end of the last (a selection ending just
    // after a line break ends on the line before it).
    var start = value.lastIndexOf("\n", selStart - 1) + 1;
    var last = selEnd > selStart && value.charAt(selEnd - 1) === "\n" ? selEnd - 1 : selEnd;
    var endBreak = value.indexOf("\n", Math.max(last, start));
    var end = endBreak === -1 ? value.length : endBreak;
    var lines = value.slice(start, end).split("\n");
    var written = lines.filter(function (line) { return line.trim(); });
    var isOn = written.length > 0 && written.every(function (line) { return line.indexOf(mark) === 0; });
    var changed = lines.map(function (line) {
      if (!line.trim()) return line;
      if (isOn) return line.slice(mark.length);
      var bare = kind === "heading" ? line.replace(/^#{1,6}\s+/, "") : line;
      return mark + bare;
    }).join("\n");
    var before = "";
    var after = "";
    if (!isOn) {
      var lineBefore = value.slice(value.lastIndexOf("\n", start - 2) + 1, Math.max(start - 1, 0));
      var lineAfter = value.slice(end + 1).split("\n")[0];
      var joins = function (line) { return !line.trim() || line.indexOf(mark) === 0; };
      if (start > 0 && !joins(lineBefore)) before = "\n";
      if (end < value.length && !joins(lineAfter)) after = "\n";
    }
    var text = before + changed + after;
    replace(box, start, end, text, start + before.length, start + before.length + changed.length);
  }

  function format(box, kind) {
    if (kind === "bold") emphasis(box, "**");
    else if (kind === "italic") emphasis(box, "*");
    else if (kind === "link") link(box);
    else if (LINE_MARKS[kind]) lineMark(box, kind);
  }

  function buttonsOf(bar) {
    return Array.prototype.slice.call(bar.querySelectorAll("button[data-format]"));
  }

  // The toolbar pattern: one button takes Tab (tabindex 0), the arrows move which one.
  function moveTo(bar, button) {
    buttonsOf(bar).forEach(function (each) { each.tabIndex = each === button ? 0 : -1; });
    button.focus();
  }

  function wireBar(bar) {
    var box = document.getElementById(bar.getAttribute("data-format-for"));
    if (!box) return;
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-format]");
      if (!button) return;
      moveTo(bar, button);
      format(box, button.getAttribute("data-format"));
    });
    bar.addEventListener("keydown", function (event) {
      var buttons = buttonsOf(bar);
      var index = buttons.indexOf(document.activeElement);
      if (index === -1) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      moveTo(bar, buttons[(next + buttons.length) % buttons.length]);
    });
    box.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      var kind = SHORTCUTS[event.key.toLowerCase()];
      if (!kind) return;
      event.preventDefault();
      format(box, kind);
    });
  }

  // Ctrl/Cmd+S: the page's button that names the shortcut (the editor's Save), never the
  // browser's "Save page as".
  document.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== "s") return;
    var save = document.querySelector('button[aria-keyshortcuts~="Control+S"]');
    if (!save || !save.form) return;
    event.preventDefault();
    if (!event.repeat) save.form.requestSubmit(save);
  });

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-format-for]"), wireBar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
