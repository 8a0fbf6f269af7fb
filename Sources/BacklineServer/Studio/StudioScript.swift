/// `GET /studio.js`: the studio page's player (see ``StudioController``): forms, the Web Audio mixer, the
/// playhead, loops, keys and the recent sessions. Served as it is written: no build step.
///
/// Titles, section names, genre and part names come from charts, links and preset files anyone may
/// write, so the script builds every element with DOM calls and sets text as text: nothing it shows
/// is ever parsed as markup, not even constant markup, so a search of this file for the HTML-parsing
/// properties stays a check. The page's Content-Security-Policy refuses inline script besides.
let studioScript = #"""
"use strict";
// The studio page's player. Each part's audio is an AudioBufferSourceNode into a GainNode per part, all
// started at one AudioContext time, so the parts stay together and the position is read off the audio
// clock. window.player is the state, for tests and for the curious.
const $ = (id) => document.getElementById(id);
const status = (text, error) => { $("status").textContent = text; $("status").className = error ? "error" : ""; };
// The piano roll's geometry (PianoRoll.swift): bar 0 starts 96 units in, each bar is 56 units wide.
const ROLL = { left: 96, barWidth: 56, header: 44 };
let genres = [], audio = false, audioDetail = "";

// An element with attributes and text: values are set as attributes and text, never read as markup.
function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function json(response) {
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

// A genre's option also carries its description, as the option's tooltip.
function fill(select, values, chosen) {
  select.replaceChildren(...values.map((value) => {
    const option = new Option(value.name ? `${value.name} (${value.tempo.min}-${value.tempo.max} bpm)` : value, value.id || value);
    if (value.description) option.title = value.description;
    return option;
  }));
  if (chosen) select.value = chosen;
}

// Seconds of every bar and section, from the song's own data: the meter and where it changes, the
// tempo and where it changes. A bar lasts 4 × numerator / denominator quarter notes; the tempo counts
// quarter notes.
function timeline(session) {
  const meterOf = (bar) => (session.meter_changes || []).filter((change) => change.bar <= bar)
    .reduce((_, change) => change.meter, session.meter || "4/4").split("/").map(Number);
  const changes = session.tempos || [];
  const bars = [];
  let time = 0;
  const sections = session.arrangement.map((section, index) => {
    const first = bars.length, start = time;
    for (let i = 0; i < section.bars; i++) {
      const bar = bars.length;
      const bpm = changes.filter((change) => change.bar <= bar).reduce((_, change) => change.bpm, session.tempo);
      const [numerator, denominator] = meterOf(bar);
      const length = (4 * numerator / denominator) * 60 / bpm;
      bars.push({ start: time, length, beats: numerator });
      time += length;
    }
    return { index, name: section.name, first, bars: section.bars, start, end: time };
  });
  return { bars, sections, duration: time };
}

const player = {
  ctx: null, session: null, song: null, parts: [], buffers: {}, gains: {}, sources: [],
  volumes: {}, muted: new Set(), soloed: new Set(),
  playing: false, origin: 0, paused: 0, loop: null, looping: false,

  // Seconds into the song, read off the audio clock; inside the loop while it loops.
  position() {
    if (!this.playing) return this.paused;
    const elapsed = this.ctx.currentTime - this.origin;
    const loop = this.looping && this.loop;
    if (loop && elapsed >= loop.end) return loop.start + (elapsed - loop.start) % (loop.end - loop.start);
    return elapsed;
  },
  // Bar (from 0), beat (from 0) and the fraction of the song's bars, at seconds.
  where(seconds) {
    const bars = this.song.bars;
    let index = bars.findIndex((bar) => seconds < bar.start + bar.length);
    if (index < 0) return { bar: bars.length, beat: 0, at: bars.length };
    const bar = bars[index], into = (seconds - bar.start) / bar.length;
    return { bar: index, beat: Math.floor(into * bar.beats), at: index + into };
  },
  duration() {
    return Math.max(this.song.duration, ...Object.values(this.buffers).map((buffer) => buffer.duration));
  },
  audible(part) { return !this.muted.has(part) && (this.soloed.size === 0 || this.soloed.has(part)); },
  mix() {
    for (const part of this.parts) this.gains[part].gain.value = this.audible(part) ? this.volumes[part] : 0;
    strips();
  },
  play(from) {
    if (!this.ctx || this.playing || !Object.keys(this.buffers).length) return;
    this.ctx.resume();
    let offset = from ?? this.paused;
    if (offset >= this.duration()) offset = 0;
    if (this.looping && this.loop && (offset < this.loop.start || offset >= this.loop.end)) offset = this.loop.start;
    const when = this.ctx.currentTime + 0.05;
    this.sources = this.parts.map((part) => {
      const source = this.ctx.createBufferSource();
      source.buffer = this.buffers[part];
      this.loopSource(source);
      source.connect(this.gains[part]);
      source.start(when, offset);
      return source;
    });
    this.origin = when - offset;
    this.playing = true;
    transport();
  },
  pause() {
    if (!this.playing) return;
    this.paused = this.position();
    this.silence();
  },
  stop() {
    this.paused = this.looping && this.loop ? this.loop.start : 0;
    this.silence();
  },
  silence() {
    for (const source of this.sources) source.stop();
    this.sources = [];
    this.playing = false;
    transport();
  },
  seek(seconds) {
    const playing = this.playing;
    if (playing) this.silence();
    this.paused = seconds;
    if (playing) this.play(seconds); else draw();
  },
  loopSource(source) {
    const loop = this.looping && this.loop;
    source.loop = !!loop;
    if (loop) { source.loopStart = loop.start; source.loopEnd = loop.end; }
  },
  // Loops a section (by its index in the arrangement): at once if it is playing elsewhere, else from where it is.
  setLoop(index) {
    const section = this.song.sections[index];
    this.loop = section ? { index, name: section.name, start: section.start, end: section.end } : null;
    this.toggleLoop(!!section);
  },
  toggleLoop(on) {
    if (on && !this.loop) {
      const here = this.where(this.position()).bar;
      const section = this.song.sections.find((s) => here >= s.first && here < s.first + s.bars) || this.song.sections[0];
      return this.setLoop(section.index);
    }
    const now = this.position();
    this.looping = on;
    if (this.playing) {
      if (on && (now < this.loop.start || now >= this.loop.end)) return this.seek(this.loop.start);
      // The sources keep playing: only their loop points change, so the sound does not stop.
      this.origin = this.ctx.currentTime - now;
      for (const source of this.sources) this.loopSource(source);
    } else if (on && (now < this.loop.start || now >= this.loop.end)) {
      this.paused = this.loop.start;
    }
    transport();
  },
};
window.player = player;

async function start() {
  try {
    const [genreList, openapi, health] = await Promise.all([
      fetch("/genres").then(json), fetch("/openapi.json").then(json), fetch("/health").then(json)]);
    genres = genreList;
    audio = health.audio;
    audioDetail = health.audio_detail || "";
    const fields = openapi.components.schemas.CreateSession.properties;
    fill($("genre"), genres, "classic_rock");
    fill($("key"), fields.key.enum, "C");
    fill($("mode"), fields.mode.enum, "major");
    $("genre").addEventListener("change", chooseGenre);
    chooseGenre();
    recent();
    const id = new URLSearchParams(location.search).get("session");
    if (id) await open(id);
    else status(audio ? "Ready." : "Ready. (Audio is off on this server: " + audioDetail + ")");
  } catch (error) {
    status("Could not load the studio: " + error.message, true);
  }
}

// The genre's tempo, its parts as checkboxes (the ones it plays only on request unticked), its sections as hints.
function chooseGenre() {
  const genre = genres.find((g) => g.id === $("genre").value);
  if (!genre) return;
  $("tempo").value = genre.tempo.default;
  const box = $("parts");
  box.querySelectorAll("label").forEach((label) => label.remove());
  for (const part of genre.parts) {
    const check = element("input", { id: `part-${part}`, type: "checkbox", value: part });
    check.checked = !genre.on_request.includes(part);
    const label = element("label", { class: "check" });
    label.append(check, ` ${part}`);
    box.appendChild(label);
  }
  $("form").placeholder = genre.sections.map((section) => section.name || section).join(" ");
}

function request() {
  const body = { count_in: Number($("count-in").value) };
  const ireal = $("ireal").value.trim(), chart = $("progression").value.trim(), form = $("form").value.trim();
  if (ireal) {
    // The link's style, key and tempo unless the player changes them after.
    body.ireal = ireal;
    if ($("ireal-song").value.trim()) body.song = $("ireal-song").value.trim();
  } else {
    Object.assign(body, { genre: $("genre").value, key: $("key").value, mode: $("mode").value, tempo: Number($("tempo").value) });
    const genre = genres.find((g) => g.id === body.genre);
    const chosen = [...document.querySelectorAll("#parts input:checked")].map((box) => box.value);
    const usual = genre ? genre.parts.filter((part) => !genre.on_request.includes(part)) : chosen;
    if (chosen.join() !== usual.join()) body.parts = chosen;
    if (form) body.form = form.split(/[\s,]+/);
    else if (!chart) body.sections = Number($("sections").value);
    if (chart) body.progression = chart;
    if ($("meter").value) body.meter = $("meter").value;
  }
  if ($("practice").value.trim()) body.practice = $("practice").value.trim();
  if ($("seed").value !== "") body.seed = Number($("seed").value);
  return body;
}

$("song").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("go").disabled = true;
  status("Creating the session...");
  try {
    const created = await fetch("/sessions", { method: "POST", headers: { "Content-Type": "application/json" },
                                                body: JSON.stringify(request()) }).then(json);
    status("Playing it...");
    await fetch(`/sessions/${created.id}/run`, { method: "POST" }).then(json);
    history.pushState(null, "", `/?session=${created.id}`);
    await open(created.id);
    recent();
  } catch (error) {
    status(error.message, true);
  } finally {
    $("go").disabled = false;
  }
});

async function open(id) {
  player.silence();
  const session = await fetch(`/sessions/${id}`).then(json);
  if (session.status !== "completed") throw new Error(`session ${id} is ${session.status}`);
  const tracks = await fetch(`/sessions/${id}/tracks`).then(json);
  show(session, tracks.map((track) => track.instrument));
  const done = `Done: session ${id}, seed ${session.seed}.`;
  if (!audio) return status(done + " (Audio is off on this server: " + audioDetail + ")");
  // Done once the parts can play; unless the page has moved on meanwhile (another song, an error).
  const loading = `Session ${id}, seed ${session.seed}: loading the audio of each part...`;
  status(loading);
  await load(session, player.parts);
  if ($("status").textContent === loading) status(done);
}

function show(session, parts) {
  const song = timeline(session);
  for (const gain of Object.values(player.gains)) gain.disconnect();
  Object.assign(player, { session, song, parts, buffers: {}, gains: {}, loop: null, looping: false, paused: 0,
                          muted: new Set(), soloed: new Set(), volumes: Object.fromEntries(parts.map((p) => [p, 0.8])) });
  const bars = song.bars.length;
  const title = session.source ? `${session.source.title}: ` : "";
  $("title").textContent = `${title}${session.genre} in ${session.key} ${session.mode.replace("_", " ")}, ${session.tempo} bpm, ${bars} bars`;
  $("roll").src = `/sessions/${session.id}/pianoroll.svg`;
  $("section-list").replaceChildren(...song.sections.map((s) => element("button", {
    class: "small", type: "button", "data-section": s.index, "aria-pressed": "false",
    "aria-label": `Loop ${s.name}, bars ${s.first + 1} to ${s.first + s.bars}` }, s.name)));
  $("loop-section").replaceChildren(new Option("whole song", ""),
    ...song.sections.map((s) => new Option(`${s.name} (bars ${s.first + 1}-${s.first + s.bars})`, s.index)));
  $("mixer").replaceChildren(...parts.map((part, i) => {
    const strip = element("div", { class: "strip", "data-part": part });
    strip.append(element("strong", {}, `${i + 1} ${part}`),
      element("button", { class: "small mute", type: "button", "aria-pressed": "false", "aria-label": `Mute ${part}` }, "M"),
      element("button", { class: "small solo", type: "button", "aria-pressed": "false", "aria-label": `Solo ${part}` }, "S"),
      element("input", { class: "volume", type: "range", min: "0", max: "1", step: "0.01", value: "0.8", "aria-label": `${part} volume` }));
    return strip;
  }));
  $("downloads").replaceChildren(...session.files.map((file) => {
    const part = file.replace(/^.*_(\w+)\.mid$/, "$1");
    const url = part === "full" ? `/sessions/${session.id}/export` : `/sessions/${session.id}/parts/${encodeURIComponent(part)}`;
    return element("a", { "data-part": part, href: url, download: "" }, part === "full" ? "Full MIDI" : part);
  }));
  $("audio-note").textContent = audio ? "" : "Audio needs FluidSynth on the server: the piano roll and the MIDI files are here.";
  $("transport").style.display = audio ? "flex" : "none";
  $("mixer").style.display = audio ? "grid" : "none";
  $("result").style.display = "block";
  transport();
}

// Every part's audio, decoded, each into its own gain.
async function load(session, parts) {
  player.ctx = player.ctx || new AudioContext();
  const ctx = player.ctx;
  const buffers = await Promise.all(parts.map((part) =>
    fetch(`/sessions/${session.id}/audio?part=${part}&format=wav`)
      .then((response) => { if (!response.ok) throw new Error(`no audio for ${part}`); return response.arrayBuffer(); })
      .then((bytes) => ctx.decodeAudioData(bytes))));
  if (player.session !== session) return;
  parts.forEach((part, i) => {
    player.buffers[part] = buffers[i];
    player.gains[part] = ctx.createGain();
    player.gains[part].connect(ctx.destination);
  });
  player.mix();
  transport();
}

function transport() {
  const ready = Object.keys(player.buffers).length > 0;
  $("play").disabled = !ready;
  $("stop").disabled = !ready;
  $("play").textContent = player.playing ? "Pause" : "Play";
  $("play").setAttribute("aria-label", player.playing ? "Pause (space)" : "Play (space)");
  $("loop").setAttribute("aria-pressed", String(player.looping));
  $("loop-section").value = player.loop ? String(player.loop.index) : "";
  for (const button of document.querySelectorAll("#section-list button")) {
    button.setAttribute("aria-pressed", String(player.looping && player.loop && Number(button.dataset.section) === player.loop.index));
  }
  draw();
}

function strips() {
  for (const strip of document.querySelectorAll(".strip")) {
    const part = strip.dataset.part;
    strip.querySelector(".mute").setAttribute("aria-pressed", String(player.muted.has(part)));
    strip.querySelector(".solo").setAttribute("aria-pressed", String(player.soloed.has(part)));
  }
}

// The position readout, the playhead and the loop band; the roll scrolls to keep the playhead in view.
function draw() {
  if (!player.song) return;
  const image = $("roll"), scale = image.naturalWidth ? image.clientWidth / image.naturalWidth : 1;
  const x = (at) => (ROLL.left + ROLL.barWidth * at) * scale;
  const here = player.where(player.position());
  const section = player.song.sections.find((s) => here.bar >= s.first && here.bar < s.first + s.bars);
  $("position").textContent = `bar ${here.bar + 1} · beat ${here.beat + 1}` + (section ? ` · ${section.name}` : "");
  const head = $("playhead");
  head.style.display = audio ? "block" : "none";
  head.style.left = `${x(here.at)}px`;
  const band = $("loop-band"), loop = player.looping && player.loop && player.song.sections[player.loop.index];
  band.style.display = loop ? "block" : "none";
  if (loop) { band.style.left = `${x(loop.first)}px`; band.style.width = `${x(loop.first + loop.bars) - x(loop.first)}px`; }
  const frame = $("roll-frame"), left = x(here.at);
  if (player.playing && (left < frame.scrollLeft + 40 || left > frame.scrollLeft + frame.clientWidth - 40)) {
    frame.scrollLeft = Math.max(0, left - frame.clientWidth / 3);
  }
}

function frame() {
  if (player.playing) {
    if (!player.looping && player.position() >= player.duration()) player.stop();
    draw();
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

$("play").addEventListener("click", () => (player.playing ? player.pause() : player.play()));
$("stop").addEventListener("click", () => player.stop());
$("loop").addEventListener("click", () => player.toggleLoop(!player.looping));
$("loop-section").addEventListener("change", (event) => {
  if (event.target.value === "") player.toggleLoop(false); else player.setLoop(Number(event.target.value));
});
$("section-list").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-section]");
  if (button) player.setLoop(Number(button.dataset.section));
});
// On the roll: the row of section names loops the section clicked, anywhere else jumps to that bar.
$("roll").addEventListener("click", (event) => {
  if (!player.song) return;
  const image = $("roll"), scale = image.clientWidth / image.naturalWidth;
  const bar = Math.floor((event.offsetX / scale - ROLL.left) / ROLL.barWidth);
  if (bar < 0 || bar >= player.song.bars.length) return;
  const section = player.song.sections.find((s) => bar >= s.first && bar < s.first + s.bars);
  if (event.offsetY / scale < ROLL.header) player.setLoop(section.index); else player.seek(player.song.bars[bar].start);
});
$("mixer").addEventListener("click", (event) => {
  const strip = event.target.closest(".strip"), button = event.target.closest("button");
  if (!strip || !button) return;
  const set = button.classList.contains("mute") ? player.muted : player.soloed, part = strip.dataset.part;
  if (set.has(part)) set.delete(part); else set.add(part);
  player.mix();
});
$("mixer").addEventListener("input", (event) => {
  const strip = event.target.closest(".strip");
  if (!strip) return;
  player.volumes[strip.dataset.part] = Number(event.target.value);
  player.mix();
});
document.addEventListener("keydown", (event) => {
  if (!player.song || event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) return;
  if (event.key === " ") {
    event.preventDefault();
    if (player.playing) player.pause(); else player.play();
  } else if (event.key === "l" || event.key === "L") {
    player.toggleLoop(!player.looping);
  } else if (/^[1-4]$/.test(event.key) && player.parts[Number(event.key) - 1]) {
    const part = player.parts[Number(event.key) - 1];
    if (player.muted.has(part)) player.muted.delete(part); else player.muted.add(part);
    player.mix();
  }
});

async function recent() {
  try {
    const page = await fetch("/sessions?limit=10").then(json);
    const done = page.sessions.filter((s) => s.status === "completed");
    $("recent-list").replaceChildren(...(done.length ? done.map((s) => element("a",
      { href: `/?session=${encodeURIComponent(s.id)}`, "data-session": s.id },
      `${s.source ? s.source.title + ", " : ""}${s.genre} in ${s.key} ${s.mode.replace("_", " ")}, ${s.tempo} bpm · ${s.created_at.replace("T", " ").replace("Z", "")}`))
      : [element("p", { class: "note" }, "None yet.")]));
  } catch (error) {
    $("recent-list").textContent = "Could not list the sessions: " + error.message;
  }
}

$("recent-list").addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-session]");
  if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  history.pushState(null, "", link.getAttribute("href"));
  try { await open(link.dataset.session); } catch (error) { status(error.message, true); }
});
window.addEventListener("popstate", () => {
  const id = new URLSearchParams(location.search).get("session");
  if (id) open(id).catch((error) => status(error.message, true));
});

start();
"""#
