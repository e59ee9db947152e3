/* The desk's small behaviours. No inline scripts anywhere (CSP): everything hooks in from here. */
(function () {
  "use strict";

  // One message is shown once: when several requests fail the same way at once (an expired
  // session hits the action and the page's polls), the message already showing stays longer.
  function toast(message, kind) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var className = "toast toast-" + (kind || "error");
    var item = Array.prototype.find.call(box.children, function (shown) {
      return shown.className === className && shown.textContent === message;
    });
    if (!item) {
      item = document.createElement("p");
      item.className = className;
      item.textContent = message;
      box.appendChild(item);
    }
    clearTimeout(item.editorialTimer);
    item.editorialTimer = setTimeout(function () { item.remove(); }, 8000);
  }
  window.editorialToast = toast;

  var STATUS_MESSAGES = {
    400: "That request was refused. Reload the page and try again.",
    401: "Your session has ended. Sign in again to carry on.",
    403: "Your role doesn't allow that.",
    404: "That is no longer there. Reload the page to see the current state.",
    409: "Someone else changed this first. Reload to see their change.",
    413: "That is too large to save.",
    429: "Too many tries. Wait a little, then try again.",
  };

  // A failed htmx request must tell the person, not silently do nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = "";
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var message = doc.querySelector(".error-message");
      text = message ? message.textContent.trim() : "";
    } catch (e) { text = ""; }
    toast(text || STATUS_MESSAGES[xhr.status] || "Something went wrong (" + xhr.status + "). Try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    toast("Can't reach the server. Check your connection; nothing was saved.");
  });
  document.addEventListener("htmx:timeout", function () {
    toast("The server took too long to answer. Try again.");
  });
  // Messages sent by the server with HX-Trigger: {"toast": {"message": "...", "kind": "success"}}
  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("toast", function (event) {
      toast(event.detail.message || event.detail.value, event.detail.kind || "success");
    });
  });
})();
