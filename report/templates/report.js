// The transcript browser of a moot report. Model text is untrusted: it is
// only ever put into the page with createTextNode or textContent.
(function () {
  "use strict";

  // The page holds the index of every episode; the episodes themselves
  // come in chunks of data.chunk_size, packed (deflate, base64): in the
  // page, or in script files next to it, which call mootReportChunk.
  var data = JSON.parse(document.getElementById("episodes").textContent);
  var index = null; // columns of the index, decoded
  var total = data.total;
  var pageRows = Number(document.getElementById("episode-list").getAttribute("data-page-rows")) || 200;
  var rowsBody = document.getElementById("episode-rows");
  var detail = document.getElementById("detail");
  var count = document.getElementById("match-count");
  var pageInfo = document.getElementById("page-info");
  var prevButton = document.getElementById("page-prev");
  var nextButton = document.getElementById("page-next");
  var filters = {
    protocol: document.getElementById("f-protocol"),
    task: document.getElementById("f-task"),
    judge: document.getElementById("f-judge"),
    cell: document.getElementById("f-cell"), // only in a sweep's report
    outcome: document.getElementById("f-outcome"),
    search: document.getElementById("f-search")
  };
  var matches = []; // indices of the episodes that pass the filters
  var pageStart = 0; // position in matches of the first row shown
  var selected = -1;
  var chunks = {}; // chunk number → promise of its episodes
  var chunkOrder = []; // for dropping the least recently loaded
  var MAX_CHUNKS = 24;
  var waiting = {}; // chunk number → {resolve, reject}, for chunk files

  function unpack(b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Response(stream).text().then(JSON.parse);
  }

  window.mootReportChunk = function (k, b64) {
    var w = waiting[k];
    if (w) { delete waiting[k]; w.resolve(unpack(b64)); }
  };

  function chunkFile(k) {
    var name = String(k);
    while (name.length < 5) { name = "0" + name; }
    return data.chunk_dir + "/" + name + ".js";
  }

  function loadChunk(k) {
    if (chunks[k]) { return chunks[k]; }
    var p;
    if (data.chunks) {
      p = k < data.chunks.length ? unpack(data.chunks[k]) : Promise.reject(new Error("no chunk " + k));
    } else {
      p = new Promise(function (resolve, reject) {
        waiting[k] = { resolve: resolve, reject: reject };
        var s = document.createElement("script");
        s.src = chunkFile(k);
        s.onload = function () { s.remove(); };
        s.onerror = function () {
          s.remove();
          delete waiting[k];
          reject(new Error("could not load " + chunkFile(k) + ": keep the folder " + data.chunk_dir + " next to this page"));
        };
        document.head.appendChild(s);
      });
    }
    chunks[k] = p;
    chunkOrder.push(k);
    if (chunkOrder.length > MAX_CHUNKS) { delete chunks[chunkOrder.shift()]; }
    p.catch(function () { delete chunks[k]; });
    return p;
  }

  function loadEpisode(i) {
    return loadChunk(Math.floor(i / data.chunk_size)).then(function (eps) { return eps[i % data.chunk_size]; });
  }

  // col is the value of episode i in a coded column of the index.
  function col(name, i) {
    var c = index[name];
    return c.values[c.codes[i]];
  }

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
    if (ep.graded) {
      // A grader's verdict is a grade of one seat's answer, not a choice
      // between the answers.
      return "graded " + ep.graded.seat + "'s answer " + answerLabel(ep, ep.graded.answer) + ": " + (ep.graded.call || "unparsed");
    }
    if (ep.verdict.answer < 0) { return "unparsed"; }
    return answerLabel(ep, ep.verdict.answer);
  }

  // messageNotes says what a message was besides a turn every seat read:
  // an ask again, a best-of-N candidate, a call no seat read.
  function messageNotes(msg) {
    var sub = "";
    if (msg.candidate) {
      sub += " · candidate " + msg.candidate + (msg.score != null ? " (score " + msg.score.toFixed(2) + ")" : "");
      sub += msg.discarded ? " · set aside" : " · kept: the one read";
    } else if (msg.sample > 0) {
      // sample counts the asks again: 1 is the second ask of the turn.
      sub += " · asked again (" + msg.sample + ")";
    }
    if (msg.aside) { sub += " · aside: no seat read it"; }
    if (msg.truncated) { sub += " · cut short (a token limit, the context length or a content filter)"; }
    if (msg.kept) { sub += " · carried over from the run judged again"; }
    if (msg.retries) { sub += " · " + msg.retries + " retries"; }
    if (msg.cached) { sub += " · cached"; }
    if (msg.served_model) { sub += " · served by " + msg.served_model; }
    return sub;
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

  function verdictCell(i) {
    var o = col("outcome", i);
    if (o === "failed" || o === "unparsed") { return o; }
    return col("verdict", i) || "—";
  }

  function renderRows() {
    rowsBody.replaceChildren();
    var frag = document.createDocumentFragment();
    var end = Math.min(pageStart + pageRows, matches.length);
    for (var r = pageStart; r < end; r++) {
      var i = matches[r];
      var tr = el("tr");
      tr.setAttribute("data-index", String(i));
      tr.tabIndex = 0;
      if (i === selected) { tr.className = "selected"; }
      var q = col("question", i);
      tr.appendChild(el("td", null, q)).title = q;
      var cell = col("cell", i);
      var protocol = col("protocol", i) + (cell ? " [" + cell + "]" : "");
      tr.appendChild(el("td", null, protocol)).title = protocol;
      var a = col("assignment", i);
      tr.appendChild(el("td", null, a)).title = a;
      tr.appendChild(el("td", null, verdictCell(i)));
      var td = el("td");
      var o = col("outcome", i);
      td.appendChild(el("span", "badge " + o, o));
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    rowsBody.appendChild(frag);
    pageInfo.textContent = matches.length ? (pageStart + 1) + "–" + end + " of " + matches.length : "none";
    prevButton.disabled = pageStart === 0;
    nextButton.disabled = end >= matches.length;
  }

  // code is the code of value in a coded column: -1 for "all", -2 for a
  // value no episode has.
  function code(name, value) {
    if (!value) { return -1; }
    var i = index[name].values.indexOf(value);
    return i < 0 ? -2 : i;
  }

  function applyFilters() {
    var want = {
      protocol: code("protocol", filters.protocol.value), task: code("task", filters.task.value),
      judge: code("judge", filters.judge.value), cell: code("cell", filters.cell ? filters.cell.value : ""),
      outcome: code("outcome", filters.outcome.value)
    };
    var names = ["protocol", "task", "judge", "cell", "outcome"].filter(function (k) { return want[k] !== -1; });
    var q = filters.search.value.trim().toLowerCase();
    var questions = index.question.values.map(function (v) { return v.toLowerCase().indexOf(q) >= 0; });
    matches = [];
    for (var i = 0; i < total; i++) {
      var ok = true;
      for (var n = 0; n < names.length && ok; n++) { ok = index[names[n]].codes[i] === want[names[n]]; }
      if (ok && q) { ok = questions[index.question.codes[i]] || index.id[i].toLowerCase().indexOf(q) >= 0; }
      if (ok) { matches.push(i); }
    }
    pageStart = 0;
    count.textContent = matches.length + " of " + total + " episodes";
    renderRows();
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

  function rowOf(i) {
    return rowsBody.querySelector('tr[data-index="' + i + '"]');
  }

  function show(i) {
    if (i < 0 || i >= total) { return Promise.resolve(); }
    var old = rowsBody.querySelector("tr.selected");
    if (old) { old.classList.remove("selected"); }
    selected = i;
    var row = rowOf(i);
    if (row) { row.classList.add("selected"); }
    detail.replaceChildren(el("p", "hint", "Loading episode " + index.id[i] + "…"));
    return loadEpisode(i).then(function (ep) {
      if (selected === i) { showEpisode(ep); }
    }, function (err) {
      if (selected === i) { detail.replaceChildren(el("p", "error", String(err.message || err))); }
    });
  }

  function showEpisode(ep) {
    detail.replaceChildren();
    detail.appendChild(el("h3", null, "Question " + ep.question_id + " · " + ep.protocol + (ep.cell ? " · " + ep.cell : "")));
    var seats = [];
    for (var s = 0; s < ep.seats.length; s++) {
      var seat = ep.seats[s];
      var argues = seat.argues >= 0 ? " argues " + answerLabel(ep, seat.argues) : "";
      seats.push(seat.name + " (" + seat.agent + ")" + argues);
    }
    detail.appendChild(metaList([
      ["Episode", ep.id], ["Question", ep.question_id], ["Protocol", ep.protocol + " (" + ep.kind + ")"], ["Cell", ep.cell], ["Task", ep.task],
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
      if (ep.graded) {
        if (a === ep.graded.answer) { li.appendChild(el("span", "tag", ep.graded.seat + "'s answer, graded " + (ep.graded.call || "unparsed"))); }
      } else if (a === ep.verdict.answer) {
        // MAD's moderator settles a debate it prefers a side of (verdict: moderator).
        li.appendChild(el("span", "tag", ep.verdict.parse === "moderator" ? "moderator's choice" : "judge's choice"));
      }
      answers.appendChild(li);
    }
    if (ep.question) {
      detail.appendChild(el("p", "question", ep.question));
    }
    detail.appendChild(answers);
    if (ep.exhibit) {
      detail.appendChild(el("pre", "exhibit", ep.exhibit));
    }
    if (!ep.question) {
      detail.appendChild(el("p", "note", "The run has no question store (a run before record format 2): the record holds the question's id and its two answers only."));
    }

    var convo = el("div", "conversation");
    for (var m = 0; m < ep.messages.length; m++) {
      var msg = ep.messages[m];
      var box = el("div", "msg role-" + (ROLES[msg.role] || "other") + (msg.aside || msg.discarded ? " unread" : ""));
      var head = el("div");
      head.appendChild(el("span", "who", msg.name));
      head.appendChild(el("span", "sub", "round " + msg.round + " · " + msg.agent + messageNotes(msg)));
      box.appendChild(head);
      if (msg.reasoning) {
        // The model's own thinking, which no other seat read: folded.
        var thought = el("details", "reasoning");
        thought.appendChild(el("summary", "", "reasoning (no other seat read it)"));
        thought.appendChild(el("div", "text", msg.reasoning));
        box.appendChild(thought);
      }
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

  rowsBody.addEventListener("click", function (ev) {
    var i = rowIndex(ev.target);
    if (i >= 0) { show(i); }
  });
  rowsBody.addEventListener("keydown", function (ev) {
    var tr = ev.target.closest ? ev.target.closest("tr") : null;
    if (!tr || rowIndex(tr) < 0) { return; }
    var next = null;
    if (ev.key === "Enter" || ev.key === " ") { next = tr; }
    else if (ev.key === "ArrowDown") { next = tr.nextElementSibling; }
    else if (ev.key === "ArrowUp") { next = tr.previousElementSibling; }
    if (next) { ev.preventDefault(); next.focus(); show(rowIndex(next)); }
  });
  // A new page is read from its top.
  function turnPage(start) {
    pageStart = start;
    renderRows();
    var list = rowsBody.closest(".list");
    if (list) { list.scrollTop = 0; }
  }
  prevButton.addEventListener("click", function () { turnPage(Math.max(0, pageStart - pageRows)); });
  nextButton.addEventListener("click", function () {
    if (pageStart + pageRows < matches.length) { turnPage(pageStart + pageRows); }
  });
  document.getElementById("filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
  ["protocol", "task", "judge", "cell", "outcome"].forEach(function (k) {
    if (filters[k]) { filters[k].addEventListener("change", applyFilters); }
  });
  filters.search.addEventListener("input", applyFilters);

  // Each figure offers its plot as SVG and as PNG, made here from the SVG
  // in the page.
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }

  function figureDownload(button) {
    var fig = button.closest("figure");
    var svg = fig && fig.querySelector("svg");
    if (!svg) { return; }
    var name = fig.getAttribute("data-name") || "plot";
    var text = new XMLSerializer().serializeToString(svg);
    var blob = new Blob([text], { type: "image/svg+xml" });
    if (button.getAttribute("data-download") === "svg") { download(blob, name + ".svg"); return; }
    var url = URL.createObjectURL(blob);
    var img = new Image();
    img.onload = function () {
      var scale = 2;
      var canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth * scale;
      canvas.height = img.naturalHeight * scale;
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (png) { download(png, name + ".png"); }, "image/png");
    };
    img.src = url;
  }

  document.querySelectorAll("figure button[data-download]").forEach(function (b) {
    b.addEventListener("click", function () { figureDownload(b); });
  });

  // openFromHash opens the episode the address names (#episode=ID), if
  // the list has it.
  function openFromHash() {
    var wanted = /^#episode=(.+)$/.exec(location.hash);
    var id = null;
    try { id = wanted ? decodeURIComponent(wanted[1]) : null; } catch (e) { id = null; }
    var i = id === null ? -1 : index.id.indexOf(id);
    if (i < 0 || i === selected) { return null; }
    var at = matches.indexOf(i);
    if (at < 0) { return null; } // filtered out
    pageStart = Math.floor(at / pageRows) * pageRows;
    renderRows();
    var row = rowOf(i);
    if (row) { row.scrollIntoView({ block: "nearest" }); }
    return show(i);
  }

  unpack(data.index).then(function (x) {
    index = x;
    ["question", "protocol", "task", "cell", "judge", "assignment", "outcome", "verdict"].forEach(function (k) {
      index[k].values = index[k].values || [];
      index[k].codes = index[k].codes || [];
    });
    index.id = index.id || [];
    applyFilters();
    // A link to an episode opens it, on loading the page and when pasted
    // into a page already open.
    window.addEventListener("hashchange", openFromHash);
    return openFromHash();
  }).then(function () {
    document.body.setAttribute("data-ready", "true");
  }, function (err) {
    count.textContent = "the episode index could not be read: " + (err.message || err);
    document.body.setAttribute("data-ready", "true");
  });
})();
