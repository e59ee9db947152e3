/* The editor's picture panel (media/_editor_picture.html), an enhancement only: without it the
   file input and the Upload button post the editor as typed, and the server says what is wrong.
   - a picture dropped on the upload area goes into the file input (drag and drop);
   - a file over the limit is refused here, before it is sent, so nothing waits on a 413;
   - after the panel comes back with a new picture chosen, the form hears an "input" event, so
     the live preview (and a draft's autosave) follow the choice like any other field;
   - Save (or Create draft) pressed with a picture chosen but not uploaded uploads it first and
     then saves, so "write, add a picture, save" is one press; if the upload is refused (a
     missing caption), the panel says why and nothing is saved. */
(function () {
  "use strict";

  function megabytes(bytes) { return Math.round(bytes / (1024 * 1024)); }

  function say(area, text) {
    var note = area.querySelector(".picture-js-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "error picture-js-note";
      note.setAttribute("role", "alert");
      area.appendChild(note);
    }
    note.textContent = text;
  }

  function check(area, input) {
    var limit = parseInt(area.getAttribute("data-max-bytes"), 10);
    var file = input.files && input.files[0];
    if (file && limit && file.size > limit) {
      input.value = "";
      say(area, "That picture is " + megabytes(file.size) + " MB; the limit is " +
        megabytes(limit) + " MB. Make it smaller and choose it again.");
      return false;
    }
    var note = area.querySelector(".picture-js-note");
    if (note) note.remove();
    return true;
  }

  function wire(root) {
    var areas = (root || document).querySelectorAll(".picture-upload");
    Array.prototype.forEach.call(areas, function (area) {
      if (area.dataset.wired) return;
      area.dataset.wired = "1";
      var input = area.querySelector("input[type=file]");
      if (!input) return;
      input.addEventListener("change", function () { check(area, input); });
      area.addEventListener("dragover", function (event) {
        event.preventDefault();
        area.classList.add("is-dragging");
      });
      area.addEventListener("dragleave", function () { area.classList.remove("is-dragging"); });
      area.addEventListener("drop", function (event) {
        event.preventDefault();
        area.classList.remove("is-dragging");
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          check(area, input);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  // Enter in the library search finds (it would otherwise press the editor's Save).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target || event.target.id !== "image_query") return;
    event.preventDefault();
    var find = document.querySelector("#picture-panel button[value=find]");
    if (find) find.click();
  });
  // The Save waiting for its picture's upload (see below), if there is one.
  var savingAfterUpload = null;

  document.addEventListener("htmx:afterSettle", function (event) {
    // A panel that came back from the server is new (not wired yet): the choice may have changed.
    var panel = document.getElementById("picture-panel");
    var area = panel && panel.querySelector(".picture-upload");
    if (!area || area.dataset.wired) return;
    wire(panel);
    var form = panel.closest("form");
    if (form) form.dispatchEvent(new Event("input", { bubbles: true }));
    var save = savingAfterUpload;
    savingAfterUpload = null;
    if (save && form && event.detail.xhr && event.detail.xhr.status === 200) form.requestSubmit(save);
  });

  // Capturing, so the form's own listeners (editor.js's leaving guard) hear only the real save.
  document.addEventListener("submit", function (event) {
    var save = event.submitter;
    var panel = document.getElementById("picture-panel");
    var input = panel && panel.querySelector(".picture-upload input[type=file]");
    var upload = panel && panel.querySelector("button[value=upload][hx-post]");
    if (!save || save.name !== "save" || !upload || !window.htmx || !input.files.length) return;
    if (event.target !== panel.closest("form")) return;
    event.preventDefault();
    event.stopPropagation();
    savingAfterUpload = save;
    upload.click();
  }, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var area = elt && elt.closest && elt.closest(".picture-upload");
    var input = area && area.querySelector("input[type=file]");
    if (input && !check(area, input)) {
      event.preventDefault();
      savingAfterUpload = null;
    }
  });
})();
