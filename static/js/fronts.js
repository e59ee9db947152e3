/* The fronts editor's drag and drop (editorial/fronts): drag a slot onto another to swap them.
 *
 * The drop posts the same swap form a person could send by hand (source and target slots, the
 * CSRF token from the page's own forms), then the page reloads with the change. Without this
 * file, "Move up" and "Move down" do the same, by keyboard and for screen readers.
 */
(function () {
  "use strict";

  function token() {
    var field = document.querySelector("#front-editor input[name=csrf_token]");
    return field ? field.value : "";
  }

  function swap(editor, source, target) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = editor.getAttribute("data-swap");
    [["csrf_token", token()], ["source", source], ["target", target]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function init() {
    var editor = document.getElementById("front-editor");
    if (!editor) {
      return;
    }
    var dragged = null;
    editor.addEventListener("dragstart", function (event) {
      var slot = event.target.closest && event.target.closest(".front-slot");
      if (!slot) {
        return;
      }
      dragged = slot.getAttribute("data-slot");
      slot.classList.add("is-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged);
    });
    editor.addEventListener("dragend", function (event) {
      var slot = event.target.closest && event.target.closest(".front-slot");
      if (slot) {
        slot.classList.remove("is-dragged");
      }
      editor.querySelectorAll(".is-drop-target").forEach(function (el) {
        el.classList.remove("is-drop-target");
      });
    });
    editor.addEventListener("dragover", function (event) {
      var slot = event.target.closest && event.target.closest(".front-slot");
      if (slot && dragged) {
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        slot.classList.add("is-drop-target");
      }
    });
    editor.addEventListener("dragleave", function (event) {
      var slot = event.target.closest && event.target.closest(".front-slot");
      if (slot && !slot.contains(event.relatedTarget)) {
        slot.classList.remove("is-drop-target");
      }
    });
    editor.addEventListener("drop", function (event) {
      var slot = event.target.closest && event.target.closest(".front-slot");
      if (!slot || !dragged) {
        return;
      }
      event.preventDefault();
      var target = slot.getAttribute("data-slot");
      if (target !== dragged) {
        swap(editor, dragged, target);
      }
      dragged = null;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
