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

  // A session that ended under an open page (timed out, deactivated, a role change): nothing on
  // the page is lost, so offer to sign in again in a new tab instead of leaving it. Back here,
  // the page takes the new session's CSRF token (/account/token) and carries on.
  var SIGN_IN_AGAIN = "/login?next=" + encodeURIComponent("/account/signed-in-again");
  var sessionCheck = null;

  function useToken(token) {
    var body = document.body;
    var headers = {};
    try { headers = JSON.parse(body.getAttribute("hx-headers") || "{}"); } catch (e) { headers = {}; }
    headers["X-CSRFToken"] = token;
    body.setAttribute("hx-headers", JSON.stringify(headers));
    document.querySelectorAll("input[name=csrf_token]").forEach(function (input) { input.value = token; });
  }

  function checkSession() {
    var banner = document.getElementById("session-ended");
    if (!banner || banner.dataset.checking) return;
    banner.dataset.checking = "1";
    fetch("/account/token", { headers: { "HX-Request": "true" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        delete banner.dataset.checking;
        if (!answer || !answer.csrf_token) return;
        useToken(answer.csrf_token);
        banner.remove();
        clearInterval(sessionCheck);
        sessionCheck = null;
        toast("You are signed in again. Nothing you typed was lost: save when you are ready.", "success");
        document.body.dispatchEvent(new CustomEvent("sessionResumed"));
      })
      .catch(function () { delete banner.dataset.checking; });
  }

  function sessionEnded() {
    if (document.getElementById("session-ended")) return;
    var banner = document.createElement("div");
    banner.id = "session-ended";
    banner.className = "session-ended";
    banner.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = "Your session has ended, so nothing more is saved. What you typed is still on this page. ";
    var link = document.createElement("a");
    link.href = SIGN_IN_AGAIN;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = "Sign in again (opens a new tab)";
    text.appendChild(link);
    banner.appendChild(text);
    // Inside the main landmark, first in it (the skip link stays first on the page).
    var main = document.querySelector("main") || document.body;
    main.insertBefore(banner, main.firstChild);
    sessionCheck = setInterval(checkSession, 4000);
  }
  // Until then nothing is sent that would change something (an autosave, an action): it would
  // be refused, or carry the old session's token once a new one exists.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig;
    if (document.getElementById("session-ended") && config && config.verb !== "get") {
      event.preventDefault();
      checkSession();
    }
  });
  window.addEventListener("focus", checkSession);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") checkSession();
  });

  // A failed htmx request must tell the person, not silently do nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 401) sessionEnded();
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
  // Cheap polls (the ticker, a comment thread, the inbox badge): an element with data-etag sends
  // the ETag of what it shows, so an unchanged answer is a 304 the server never rendered, and
  // nothing is swapped (a cached 200 of the same version is left alone too).
  function bareEtag(etag) {
    return (etag || "").replace(/^W\//, "").replace(/"/g, "");
  }
  // A GET form marked data-drop-empty (the board's filters, the desk's search) leaves its empty
  // fields out of the request, so the address it pushes names only what is chosen.
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt && elt.closest ? elt.closest("form[data-drop-empty]") : null;
    if (!form || event.detail.verb !== "get") return;
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") delete parameters[name];
    });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.dataset && elt.dataset.etag && event.detail.verb === "get") {
      event.detail.headers["If-None-Match"] = '"' + elt.dataset.etag + '"';
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.dataset || !elt.dataset.etag) return;
    var xhr = event.detail.xhr;
    var etag = bareEtag(xhr.getResponseHeader("ETag"));
    if (xhr.status === 304 || (etag && etag === elt.dataset.etag)) {
      event.detail.shouldSwap = false;
      return;
    }
    if (etag) elt.dataset.etag = etag;
  });
  // A polled region marked data-poll-hold is not replaced while someone works inside it (an open
  // reply or edit box, or the focus on one of its buttons): the next poll after that catches up.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-poll-hold")) return;
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") return;
    var active = document.activeElement;
    if (elt.querySelector("details[open]") || (active && active !== elt && elt.contains(active))) {
      event.preventDefault();
    }
  });

  // A menu made of <details data-dismiss> opens and closes without JavaScript; with it, Escape or
  // a click elsewhere closes it too, as people expect of a menu.
  function closeMenus(except) {
    document.querySelectorAll("details[data-dismiss][open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (event) {
    closeMenus(event.target.closest && event.target.closest("details[data-dismiss]"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = event.target.closest && event.target.closest("details[data-dismiss][open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });

  // Messages sent by the server with HX-Trigger: {"toast": {"message": "...", "kind": "success"}}
  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("toast", function (event) {
      toast(event.detail.message || event.detail.value, event.detail.kind || "success");
    });
  });
})();
