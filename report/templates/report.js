// The transcript browser of a moot report. Model text is untrusted: it is
// only ever put into the page with createTextNode or textContent.
(function () {
  "use strict";

  var episodes = JSON.parse(document.getElementById("episodes").textContent) || [];
  var rowsBody = document.getElementById("episode-rows");
  var detail = document.getElementById("detail");
  var count = document.getElementById("match-count");
  var filters = {
    protocol: document.getElementById("f-protocol"),
    task: document.getElementById("f-task"),
    judge: document.getElementById("f-judge"),
    cell: document.getElementById("f-cell"), // only in a sweep's report
    outcome: document.getElementById("f-outcome"),
    search: document.getElementById("f-search")
  };
  var rows = [];
  var haystacks = [];
  var selected = -1;

  // The tags of a quote, as in package quotes.
  var QUOTE_TAGS = [
    { open: "<quote>", close: "</quote>", cls: "q-plain", title: "quote (not checked against the source)" },
    { open: "<v_quote>", close: "</v_quote>", cls: "q-verified", title: "verified quote: found verbatim in the source" },
    { open: "<u_quote>", close: "</u_quote>", cls: "q-unverified", title: "unverified quote: not found in the source" }
  ];
  var ROLES = { judge: "judge", debater: "debater", consultant: "consultant" };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  // answerLabel is an answer with the letter it was shown under.
  function answerLabel(ep, answer) {
    if (answer < 0 || answer >= ep.answers.length) { return "—"; }
    var slot = ep.answer_slots[answer];
    return (slot ? slot + ": " : "") + ep.answers[answer];
  }

  function verdictText(ep) {
    if (ep.outcome === "failed") { return "failed"; }
    if (ep.verdict.answer < 0) { return "unparsed"; }
    return answerLabel(ep, ep.verdict.answer);
  }

  // appendQuoted appends text to parent, with each quote as a marked span.
  // It reads the tags as quotes.Extract does: the earliest opening tag, up
  // to its closing tag; an unclosed tag is left as text.
  function appendQuoted(parent, text) {
    var pos = 0;
    while (pos < text.length) {
      var next = -1, tag = null;
      for (var k = 0; k < QUOTE_TAGS.length; k++) {
        var i = text.indexOf(QUOTE_TAGS[k].open, pos);
        if (i >= 0 && (next < 0 || i < next)) { next = i; tag = QUOTE_TAGS[k]; }
      }
      if (next < 0) { break; }
      var start = next + tag.open.length;
      var end = text.indexOf(tag.close, start);
      if (end < 0) { break; }
      if (next > pos) { parent.appendChild(document.createTextNode(text.slice(pos, next))); }
      var span = el("span", "quote " + tag.cls, text.slice(start, end));
      span.title = tag.title;
      parent.appendChild(span);
      pos = end + tag.close.length;
    }
    if (pos < text.length) { parent.appendChild(document.createTextNode(text.slice(pos))); }
  }

  function buildRows() {
    var frag = document.createDocumentFragment();
    for (var i = 0; i < episodes.length; i++) {
      var ep = episodes[i];
      var tr = el("tr");
      tr.setAttribute("data-index", String(i));
      tr.tabIndex = 0;
      tr.appendChild(el("td", null, ep.question_id)).title = ep.question_id;
      var protocol = ep.protocol + (ep.cell ? " [" + ep.cell + "]" : "");
      tr.appendChild(el("td", null, protocol)).title = protocol;
      tr.appendChild(el("td", null, ep.assignment)).title = ep.assignment;
      var v = verdictText(ep);
      tr.appendChild(el("td", null, v)).title = v;
      var td = el("td");
      td.appendChild(el("span", "badge " + ep.outcome, ep.outcome));
      tr.appendChild(td);
      rows.push(tr);
      frag.appendChild(tr);
    }
    rowsBody.appendChild(frag);
  }

  function haystack(i) {
    if (haystacks[i] === undefined) {
      var ep = episodes[i];
      var parts = [ep.id, ep.question_id, ep.assignment, ep.answers[0], ep.answers[1], ep.error || ""];
      for (var m = 0; m < ep.messages.length; m++) { parts.push(ep.messages[m].text); }
      haystacks[i] = parts.join("\n").toLowerCase();
    }
    return haystacks[i];
  }

  function applyFilters() {
    var p = filters.protocol.value, t = filters.task.value, j = filters.judge.value, o = filters.outcome.value;
    var c = filters.cell ? filters.cell.value : "";
    var q = filters.search.value.trim().toLowerCase();
    var shown = 0;
    for (var i = 0; i < episodes.length; i++) {
      var ep = episodes[i];
      var ok = (!p || ep.protocol === p) && (!t || ep.task === t) && (!j || ep.judge === j) && (!c || ep.cell === c) &&
        (!o || ep.outcome === o) && (!q || haystack(i).indexOf(q) >= 0);
      rows[i].hidden = !ok;
      if (ok) { shown++; }
    }
    count.textContent = shown + " of " + episodes.length + " episodes";
  }

  function metaList(pairs) {
    var dl = el("dl", "meta");
    for (var i = 0; i < pairs.length; i++) {
      if (pairs[i][1] === "" || pairs[i][1] === undefined) { continue; }
      dl.appendChild(el("dt", null, pairs[i][0]));
      dl.appendChild(el("dd", null, pairs[i][1]));
    }
    return dl;
  }

  function show(i) {
    var ep = episodes[i];
    if (!ep) { return; }
    if (selected >= 0) { rows[selected].classList.remove("selected"); }
    selected = i;
    rows[i].classList.add("selected");
    detail.replaceChildren();

    detail.appendChild(el("h3", null, ep.question_id + " · " + ep.protocol + (ep.cell ? " · " + ep.cell : "")));
    var seats = [];
    for (var s = 0; s < ep.seats.length; s++) {
      var seat = ep.seats[s];
      var argues = seat.argues >= 0 ? " argues " + answerLabel(ep, seat.argues) : "";
      seats.push(seat.name + " (" + seat.agent + ")" + argues);
    }
    detail.appendChild(metaList([
      ["Episode", ep.id], ["Protocol", ep.protocol + " (" + ep.kind + ")"], ["Cell", ep.cell], ["Task", ep.task],
      ["Judge", ep.judge], ["Assignment", ep.assignment], ["Repeat", String(ep.repeat)],
      ["Speakers", seats.join("; ")]
    ]));

    var answers = el("ol", "answers");
    answers.setAttribute("aria-label", "answers");
    // In the order shown to the judge: A, then B.
    var shownOrder = [0, 1].sort(function (x, y) {
      return (ep.answer_slots[x] || "~").localeCompare(ep.answer_slots[y] || "~");
    });
    for (var k = 0; k < shownOrder.length; k++) {
      var a = shownOrder[k];
      var li = el("li", a === ep.correct_answer ? "is-correct" : null, answerLabel(ep, a));
      if (a === ep.correct_answer) { li.appendChild(el("span", "tag", "correct answer")); }
      if (a === ep.verdict.answer) { li.appendChild(el("span", "tag", "judge's choice")); }
      answers.appendChild(li);
    }
    detail.appendChild(answers);

    var convo = el("div", "conversation");
    for (var m = 0; m < ep.messages.length; m++) {
      var msg = ep.messages[m];
      var box = el("div", "msg role-" + (ROLES[msg.role] || "other"));
      var head = el("div");
      head.appendChild(el("span", "who", msg.name));
      var sub = "round " + msg.round + " · " + msg.agent;
      if (msg.sample > 1) { sub += " · ask " + msg.sample; }
      if (msg.retries) { sub += " · " + msg.retries + " retries"; }
      if (msg.cached) { sub += " · cached"; }
      head.appendChild(el("span", "sub", sub));
      box.appendChild(head);
      var text = el("div", "text");
      appendQuoted(text, msg.text || "");
      box.appendChild(text);
      convo.appendChild(box);
    }
    detail.appendChild(convo);

    var verdict = el("div", "verdict " + ep.outcome);
    verdict.id = "verdict";
    var prob = ep.verdict.probability ? (100 * ep.verdict.probability).toFixed(1) + "%" : "";
    verdict.appendChild(metaList([
      ["Verdict", verdictText(ep)],
      ["Probability", prob],
      ["Parse", ep.verdict.parse],
      ["Asks", ep.verdict.asks > 1 ? String(ep.verdict.asks) : ""],
      ["Correct answer", answerLabel(ep, ep.correct_answer)],
      ["Outcome", ep.outcome]
    ]));
    if (ep.error) { verdict.appendChild(el("div", "error", ep.error)); }
    detail.appendChild(verdict);
    detail.scrollTop = 0;
    if (history.replaceState) { history.replaceState(null, "", "#episode=" + encodeURIComponent(ep.id)); }
  }

  function rowIndex(target) {
    var tr = target.closest ? target.closest("tr") : null;
    if (!tr || !tr.hasAttribute("data-index")) { return -1; }
    return Number(tr.getAttribute("data-index"));
  }

  function visibleNeighbour(from, step) {
    for (var i = from + step; i >= 0 && i < rows.length; i += step) {
      if (!rows[i].hidden) { return i; }
    }
    return -1;
  }

  rowsBody.addEventListener("click", function (ev) {
    var i = rowIndex(ev.target);
    if (i >= 0) { show(i); }
  });
  rowsBody.addEventListener("keydown", function (ev) {
    var i = rowIndex(ev.target);
    if (i < 0) { return; }
    var next = -1;
    if (ev.key === "Enter" || ev.key === " ") { next = i; }
    else if (ev.key === "ArrowDown") { next = visibleNeighbour(i, 1); }
    else if (ev.key === "ArrowUp") { next = visibleNeighbour(i, -1); }
    if (next >= 0) { ev.preventDefault(); rows[next].focus(); show(next); }
  });
  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  ["protocol", "task", "judge", "cell", "outcome"].forEach(function (k) {
    if (filters[k]) { filters[k].addEventListener("change", applyFilters); }
  });
  filters.search.addEventListener("input", applyFilters);

  buildRows();
  applyFilters();
  var wanted = /^#episode=(.+)$/.exec(location.hash);
  var id = null;
  try { id = wanted ? decodeURIComponent(wanted[1]) : null; } catch (e) { id = null; }
  if (id !== null) {
    for (var i = 0; i < episodes.length; i++) {
      if (episodes[i].id === id) { show(i); rows[i].scrollIntoView({ block: "nearest" }); break; }
    }
  }
  document.body.setAttribute("data-ready", "true");
})();
