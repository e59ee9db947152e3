/* The claim ledger on an article's desk page: claims from a selection, highlights in the text.
 *
 * Selecting a sentence or phrase in the rendered article (.story-body) writes it into the ledger's
 * "Claim text" box ([data-claim-input]), ready for "Add claim"; without JavaScript the same box
 * takes a pasted quote. Each claim row ([data-claim-text]) is highlighted where its quote first
 * stands in the text, as a link to its row; the highlights are redrawn whenever htmx swaps the
 * ledger. Whitespace is compared collapsed and curly quotes as straight ones, like the server
 * (services/claims.py `normalised`), so a quote spanning a line break or a <strong> still matches.
 * No inline scripts anywhere (CSP): everything hooks in from here.
 */
(function () {
  "use strict";

  var QUOTES = { "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " " };

  function body() {
    return document.querySelector(".article-main .story-body");
  }

  function normalised(text) {
    return text.replace(/[\u2018\u2019\u201c\u201d\u00a0]/g, function (c) { return QUOTES[c]; })
      .replace(/\s+/g, " ").trim();
  }

  /* The body's text with whitespace collapsed, and for each of its characters the text node and
     offset it came from. */
  function flatten(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var chars = [];
    var map = [];
    var lastSpace = true;
    var node;
    while ((node = walker.nextNode())) {
      var data = node.data;
      for (var i = 0; i < data.length; i += 1) {
        var c = QUOTES[data[i]] || data[i];
        if (/\s/.test(c)) {
          if (lastSpace) continue;
          c = " ";
          lastSpace = true;
        } else {
          lastSpace = false;
        }
        chars.push(c);
        map.push([node, i]);
      }
      if (node.parentNode && /^(P|LI|H[1-6]|BLOCKQUOTE|DIV)$/.test(node.parentNode.nodeName) &&
          node === node.parentNode.lastChild && !lastSpace) {
        chars.push(" ");
        map.push([node, data.length]);
        lastSpace = true;
      }
    }
    return { text: chars.join(""), map: map };
  }

  function unmark(root) {
    root.querySelectorAll("a.claim-mark").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    });
  }

  /* Wrap characters [start, end) of the flattened text, node by node, in links to the claim. */
  function wrap(flat, start, end, claimId, index) {
    var pieces = [];
    for (var i = start; i < end; i += 1) {
      var at = flat.map[i];
      var last = pieces[pieces.length - 1];
      if (last && last.node === at[0]) last.end = at[1] + 1;
      else pieces.push({ node: at[0], start: at[1], end: at[1] + 1 });
    }
    pieces.reverse().forEach(function (piece, n) {
      var end = Math.min(piece.end, piece.node.data.length);
      if (end <= piece.start) return;
      var range = document.createRange();
      range.setStart(piece.node, piece.start);
      range.setEnd(piece.node, end);
      var link = document.createElement("a");
      link.className = "claim-mark";
      link.href = "#claim-" + claimId;
      link.title = "Claim " + index + " in the ledger";
      if (n === pieces.length - 1) link.id = "mark-claim-" + claimId;
      else link.tabIndex = -1;
      range.surroundContents(link);
    });
  }

  function highlight() {
    var root = body();
    if (!root) return;
    unmark(root);
    var rows = document.querySelectorAll("[data-ledger] [data-claim-text]");
    rows.forEach(function (row, n) {
      var flat = flatten(root);  // again after each wrap: the text nodes have been split
      var quote = normalised(row.getAttribute("data-claim-text") || "");
      var start = quote ? flat.text.indexOf(quote) : -1;
      if (start < 0) return;
      wrap(flat, start, start + quote.length, row.getAttribute("data-claim-id"), n + 1);
    });
  }

  function selected() {
    var root = body();
    var selection = window.getSelection();
    if (!root || !selection || selection.rangeCount === 0 || selection.isCollapsed) return "";
    var range = selection.getRangeAt(0);
    if (!root.contains(range.commonAncestorContainer)) return "";
    return normalised(selection.toString());
  }

  document.addEventListener("selectionchange", function () {
    var text = selected();
    var box = document.querySelector("[data-ledger] [data-claim-input]");
    if (text && box) box.value = text;
  });

  document.addEventListener("DOMContentLoaded", highlight);
  document.addEventListener("htmx:afterSettle", highlight);
})();
