/* Scheduling and publishing on every desk page that shows an article's actions
   (articles/_actions.html: its page, the editor, the board's card menus), an enhancement only:
   without it the publish time is typed (YYYY-MM-DD HH:MM, 24-hour) and Publish publishes.
   - the date picker and the quick choices ("In 1 hour", "Tomorrow 09:00") fill the time box, in
     the newsroom's zone (data-zone), whatever the zone of the computer they run on; the picker
     changes the day and keeps a time already typed;
   - a button with data-confirm (Publish) asks once: the first press turns it into "Confirm
     publish" beside the question, with the focus still on it, so the next press (Enter, Space or
     a click) publishes; Escape or moving away puts it back. Panels swapped in by htmx are
     handled too: everything listens on the document. */
(function () {
  "use strict";

  var FIVE_MINUTES = 5 * 60 * 1000;
  var TIME = /(\d\d:\d\d)\s*$/;

  function pad(number) { return String(number).padStart(2, "0"); }

  // The calendar date and clock time of `date` in `zone`, as numbers.
  function partsIn(zone, date) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit",
    }).formatToParts(date).forEach(function (part) { parts[part.type] = Number(part.value); });
    return parts;
  }

  function dayText(year, month, day) {
    var date = new Date(Date.UTC(year, month - 1, day));  // calendar arithmetic, no zone
    return date.getUTCFullYear() + "-" + pad(date.getUTCMonth() + 1) + "-" + pad(date.getUTCDate());
  }

  function quickTime(kind, zone) {
    if (kind === "hour") {
      var soon = new Date(Math.ceil((Date.now() + 60 * 60 * 1000) / FIVE_MINUTES) * FIVE_MINUTES);
      var at = partsIn(zone, soon);
      return dayText(at.year, at.month, at.day) + " " + pad(at.hour) + ":" + pad(at.minute);
    }
    var today = partsIn(zone, new Date());
    return dayText(today.year, today.month, today.day + 1) + " 09:00";
  }

  function fill(helpers, value) {
    var box = document.getElementById(helpers.getAttribute("data-fills"));
    if (!box) return;
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    var day = helpers.querySelector("[data-time-day]");
    if (day) day.value = value.slice(0, 10);
    var said = helpers.querySelector("[data-time-said]");
    if (said) said.textContent = "Publish at " + value + ", " + helpers.getAttribute("data-zone") + " time.";
  }

  function show(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".time-helpers[hidden]"), function (helpers) {
      var today = partsIn(helpers.getAttribute("data-zone"), new Date());
      var day = helpers.querySelector("[data-time-day]");
      if (day) day.min = dayText(today.year, today.month, today.day);
      helpers.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-time-quick]");
    var helpers = button && button.closest(".time-helpers");
    if (helpers) fill(helpers, quickTime(button.getAttribute("data-time-quick"), helpers.getAttribute("data-zone")));
  });

  document.addEventListener("change", function (event) {
    var day = event.target;
    var helpers = day.matches && day.matches("[data-time-day]") && day.closest(".time-helpers");
    if (!helpers || !day.value) return;
    var box = document.getElementById(helpers.getAttribute("data-fills"));
    var typed = box && box.value.match(TIME);
    fill(helpers, day.value + " " + (typed ? typed[1] : "09:00"));
  });

  // Publish asks once.
  function disarm(button) {
    if (!button.hasAttribute("data-armed")) return;
    button.removeAttribute("data-armed");
    button.textContent = button.getAttribute("data-original-label");
    button.removeAttribute("aria-describedby");
    var question = button.parentNode.querySelector(".confirm-question");
    if (question) question.remove();
  }

  function arm(button) {
    var question = document.createElement("span");
    question.className = "confirm-question";
    question.id = "confirm-" + Math.random().toString(36).slice(2);
    question.setAttribute("role", "status");
    button.setAttribute("data-original-label", button.textContent);
    button.setAttribute("data-armed", "");
    button.textContent = button.getAttribute("data-confirm-label");
    button.setAttribute("aria-describedby", question.id);
    button.insertAdjacentElement("afterend", question);
    question.textContent = button.getAttribute("data-confirm");  // announced once it is in place
    button.focus();
  }

  // Capturing, on the document: before htmx's own listener on the form sends anything.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.hasAttribute("data-confirm") || button.hasAttribute("data-armed")) return;
    event.preventDefault();
    event.stopPropagation();
    arm(button);
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.hasAttribute && event.target.hasAttribute("data-armed")) {
      disarm(event.target);
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-armed")) disarm(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () { show(document); });
  document.addEventListener("htmx:load", function (event) { show(event.detail.elt); });
})();
