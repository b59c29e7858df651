// The judging page. Every text from the server is set with textContent:
// model text is shown as text and never parsed as HTML.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
let current = null; // the episode shown now

// Active time: how long the person was at the episode, sent with the
// verdict beside the wall time the server keeps. The page counts while it
// is visible and focused and the person is not idle: after idleMs without
// input the stretch ends, counted up to idleMs after the last input, and
// the next input starts another. Coming back to the page (shown, focused)
// counts as input: the person is there. The count so far is kept in
// localStorage under the episode's key, so that a reload, a closed tab or
// a restart of the server loses none of it; it is removed once the server
// acknowledges the verdict.
const idleMs = Number(document.querySelector('meta[name="idle-ms"]').content) || 120000;
const activeStore = "moot-judge-active:";
const active = {
  key: null,      // the episode counted
  ms: 0,          // counted before the stretch under way
  since: null,    // when the stretch under way began, or null
  lastInput: 0,   // when the last input came
  saved: 0,       // when the count was last kept
};

function engaged() { return document.visibilityState === "visible" && document.hasFocus(); }

// activeMs is the count at time t, the stretch under way included.
function activeMs(t) {
  if (active.since === null) return active.ms;
  return active.ms + Math.max(0, Math.min(t, active.lastInput + idleMs) - active.since);
}

// stored reads, writes (a string) or removes (null) what is kept for an
// episode; where storage is off, the count lives in the page alone.
function stored(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(activeStore + key);
    if (value === null) localStorage.removeItem(activeStore + key);
    else localStorage.setItem(activeStore + key, value);
  } catch (e) { /* storage off */ }
  return null;
}

function keepActive(t) {
  if (active.key === null) return;
  active.saved = t;
  stored(active.key, String(Math.round(activeMs(t))));
}

// endStretch ends the stretch under way, counted up to idleMs after the
// last input.
function endStretch(t) {
  active.ms = activeMs(t);
  active.since = null;
  keepActive(t);
}

function input() {
  const t = performance.now();
  if (active.since !== null && t - active.lastInput > idleMs) endStretch(t);
  active.lastInput = t;
  if (active.since === null && active.key !== null && engaged()) active.since = t;
  if (t - active.saved > 1000) keepActive(t);
}

// countActive starts counting for the episode of key, from what was kept
// for it; the same episode shown again goes on counting.
function countActive(key) {
  if (key === active.key) return;
  const t = performance.now();
  if (active.key !== null) endStretch(t);
  const kept = Number(stored(key));
  Object.assign(active, { key: key, ms: Number.isFinite(kept) && kept > 0 ? kept : 0, since: null });
  input();
}

function stopCounting() {
  if (active.key !== null) endStretch(performance.now());
  active.key = null;
}

function away() { endStretch(performance.now()); }

function $(id) { return document.getElementById(id); }

function setText(id, text) { $(id).textContent = text; }

function showProgress(state) {
  const bar = $("progress-bar");
  bar.max = Math.max(state.total, 1);
  bar.value = state.judged;
  setText("progress", state.judged + " of " + state.total + " judged, " + state.remaining + " to go");
}

function turnItem(turn) {
  const li = document.createElement("li");
  if (turn.argues) li.classList.add("side-" + turn.argues);
  const head = document.createElement("div");
  const who = document.createElement("span");
  who.className = "speaker";
  who.textContent = turn.speaker + (turn.argues ? " (argues " + turn.argues + ")" : "");
  const round = document.createElement("span");
  round.className = "round";
  round.textContent = "round " + turn.round;
  head.append(who, round);
  const body = document.createElement("div");
  body.className = "turn-text";
  for (const part of turn.parts) {
    if (!part.quote) {
      body.append(document.createTextNode(part.text));
      continue;
    }
    const q = document.createElement("span");
    q.className = "quote " + part.quote;
    q.title = part.quote === "verified" ? "found verbatim in the hidden text" :
      part.quote === "unverified" ? "NOT found in the hidden text" : "quote (not checked)";
    q.textContent = part.text;
    body.append(q);
  }
  li.append(head, body);
  return li;
}

function showEpisode(ep) {
  current = ep;
  setText("format", "(" + ep.format + ", episode " + ep.position + ")");
  $("instructions-box").hidden = !ep.instructions;
  setText("instructions", ep.instructions || "");
  setText("question", ep.question);
  $("exhibit-box").hidden = !ep.exhibit;
  setText("exhibit", ep.exhibit || "");
  $("reference-box").hidden = !ep.reference;
  setText("reference", ep.reference || "");
  $("context-box").hidden = !ep.context;
  setText("context", ep.context || "");
  // A graded episode shows the one answer to grade, not the options;
  // its verdict A calls it correct, B incorrect.
  const grading = Boolean(ep.graded);
  $("answers").hidden = grading;
  $("graded-box").hidden = !grading;
  setText("graded", ep.graded || "");
  setText("answer-A", grading ? "" : ep.answers[0]);
  setText("answer-B", grading ? "" : ep.answers[1]);
  setText("verdict-question", grading ? "Is the candidate's answer correct?" : "Which answer is correct?");
  setText("choice-A", grading ? "Correct" : "A");
  setText("choice-B", grading ? "Incorrect" : "B");
  setText("confidence-of", grading ? "grade" : "answer");
  $("transcript-box").hidden = ep.turns.length === 0;
  setText("quote-note", ep.no_context ?
    "This question has no hidden text: the speakers read only what you read, and argue from what they know." :
    ep.quotes_verified ?
    (ep.context ?
      "Quotes are checked against the text above: ✔ verified quotes were found in it word for word, ✘ unverified ones were not." :
      "Quotes are checked against a text you cannot see: ✔ verified quotes were found in it word for word, ✘ unverified ones were not.") :
    "Quotes are not checked in this format.");
  $("turns").replaceChildren(...ep.turns.map(turnItem));
  for (const r of document.querySelectorAll('input[name="answer"]')) r.checked = false;
  $("confidence").value = 75;
  setText("confidence-out", "75%");
  $("reason").value = "";
  setText("error", "");
  $("submit").disabled = false;
  window.scrollTo(0, 0);
  countActive(ep.key);
}

function show(state) {
  showProgress(state);
  if (!state.episode) {
    stopCounting();
    current = null;
    $("episode").hidden = true;
    $("finished").hidden = false;
    return;
  }
  $("finished").hidden = true;
  $("episode").hidden = false;
  showEpisode(state.episode);
}

async function load() {
  try {
    const resp = await fetch("/api/state", { cache: "no-store", headers: { "X-CSRF-Token": csrf } });
    if (!resp.ok) throw new Error(await resp.text());
    show(await resp.json());
  } catch (e) {
    setText("progress", "Cannot reach moot judge: " + e.message);
  }
}

async function submit(event) {
  event.preventDefault();
  const chosen = document.querySelector('input[name="answer"]:checked');
  if (!chosen) { setText("error", current.graded ? "Choose correct or incorrect first." : "Choose answer A or B first."); return; }
  const verdict = {
    position: current.position,
    key: current.key,
    answer: chosen.value,
    confidence: Number($("confidence").value),
    reason: $("reason").value,
    active_ms: Math.round(activeMs(performance.now())),
  };
  $("submit").disabled = true;
  try {
    const resp = await fetch("/api/verdict", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(verdict),
    });
    const body = await resp.json();
    if (resp.ok) {
      stored(verdict.key, null);
      if (active.key === verdict.key) active.key = null; // counted and sent: a new count if it comes again
      show(body);
      return;
    }
    if (body.state) { show(body.state); }
    setText("error", body.error);
  } catch (e) {
    setText("error", "The verdict was not sent: " + e.message);
  }
  $("submit").disabled = false;
}

for (const kind of ["keydown", "pointerdown", "pointermove", "wheel", "scroll", "touchstart"]) {
  window.addEventListener(kind, input, { capture: true, passive: true });
}
document.addEventListener("visibilitychange", () => { if (engaged()) input(); else away(); });
window.addEventListener("focus", input);
window.addEventListener("blur", away);
window.addEventListener("pagehide", away);
$("confidence").addEventListener("input", () => setText("confidence-out", $("confidence").value + "%"));
$("verdict").addEventListener("submit", submit);
load();
