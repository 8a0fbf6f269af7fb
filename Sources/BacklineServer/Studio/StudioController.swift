import Hummingbird

/// `GET /`: the studio page, a practice player. Plain HTML and CSS here, its script at `GET /studio.js`
/// (``studioScript``), nothing fetched from elsewhere: make a song (genre, key, tempo, parts, form,
/// count-in, practice passes, a chord chart or an iReal Pro link) or reopen a recent one, then play
/// it with a playhead on the piano roll, mute, solo and set the level of each part, loop a section.
struct StudioController<Context: RequestContext>: Sendable {
    var endpoints: [Endpoint<Context>] {
        [Endpoint(.get, "/", inSchema: false, page), Endpoint(.get, "/studio.js", inSchema: false, script)]
    }

    @Sendable func page(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioPage)))
    }

    @Sendable func script(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioScript)))
    }
}

/// The page itself; the player's workings are in ``studioScript``.
let studioPage = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backline Studio</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 0; background: #faf8f4; color: #222; }
  header { background: #2b2118; color: #f4e9d8; padding: 14px 24px; }
  header h1 { margin: 0; font-size: 22px; letter-spacing: 0.5px; }
  header p { margin: 4px 0 0; font-size: 13px; color: #cdb89a; }
  main { padding: 18px 24px; max-width: 1200px; }
  form { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px 16px; align-items: end;
         background: #fff; border: 1px solid #e4dccf; border-radius: 8px; padding: 16px; }
  label { display: flex; flex-direction: column; font-size: 12px; color: #6b5d4f; gap: 4px; }
  label.wide, fieldset.wide { grid-column: 1 / -1; }
  label.check { flex-direction: row; align-items: center; gap: 6px; font-size: 14px; color: #222; }
  fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 14px; align-items: center; }
  legend { font-size: 12px; color: #6b5d4f; padding: 0 0 4px; }
  select, input[type=number], input[type=text], textarea { font-size: 14px; padding: 6px; border: 1px solid #cfc4b4; border-radius: 4px; }
  textarea { font-family: Menlo, Consolas, monospace; min-height: 3.2em; }
  form select, form input[type=number], form input[type=text], textarea { min-width: 0; width: 100%; box-sizing: border-box; }
  button { font-size: 15px; padding: 9px 14px; background: #8a3b12; color: #fff; border: 0; border-radius: 5px; cursor: pointer; }
  button:disabled { background: #b9a58f; cursor: wait; }
  button.small { font-size: 13px; padding: 5px 9px; background: #efe7da; color: #2b2118; }
  button.small[aria-pressed=true] { background: #8a3b12; color: #fff; }
  #status { margin: 14px 0; font-size: 14px; min-height: 18px; }
  #status.error { color: #b00020; }
  #result { display: none; background: #fff; border: 1px solid #e4dccf; border-radius: 8px; padding: 16px; }
  #result h2 { margin: 0 0 10px; font-size: 17px; }
  #transport { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; margin-bottom: 10px; }
  #position { font: 600 16px Menlo, Consolas, monospace; min-width: 15ch; }
  #section-list { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 8px; }
  #roll-frame { overflow-x: auto; border: 1px solid #eee; }
  #roll-box { position: relative; width: max-content; }
  #roll { display: block; cursor: pointer; }
  #playhead { position: absolute; top: 0; bottom: 0; left: 0; width: 2px; background: #0a7d3b; pointer-events: none; display: none; }
  #loop-band { position: absolute; top: 0; bottom: 0; background: rgba(10, 125, 59, 0.12); pointer-events: none; display: none; }
  #mixer { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin-top: 12px; }
  .strip { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; background: #f7f3ec; border-radius: 6px; padding: 8px; }
  .strip strong { flex: 1 0 100%; font-size: 13px; }
  .strip input[type=range] { flex: 1; min-width: 80px; }
  #downloads a, #recent a { display: inline-block; margin: 10px 10px 0 0; padding: 6px 10px; background: #efe7da; border-radius: 4px;
                 color: #2b2118; text-decoration: none; font-size: 13px; }
  #recent { margin-top: 18px; }
  #recent h2 { font-size: 15px; margin: 0; }
  .note { font-size: 12px; color: #6b5d4f; }
  @media (max-width: 500px) { main { padding: 12px; } header { padding: 12px; } form { grid-template-columns: 1fr 1fr; padding: 12px; } }
</style>
</head>
<body>
<header><h1>Backline Studio</h1><p>Backing tracks to practise with: make a song, then play, loop, mute and solo its parts.</p></header>
<main>
  <form id="song">
    <label class="wide">Genre <select id="genre" name="genre"></select></label>
    <label>Key <select id="key" name="key"></select></label>
    <label>Mode <select id="mode" name="mode"></select></label>
    <label>Tempo (bpm) <input id="tempo" name="tempo" type="number" min="40" max="300" value="120"></label>
    <label>Sections <input id="sections" name="sections" type="number" min="1" max="64" value="4"></label>
    <label>Count-in (bars) <select id="count-in" name="count_in"><option value="0">none</option><option value="1">1 bar</option><option value="2">2 bars</option></select></label>
    <label>Practice <input id="practice" name="practice" type="text" placeholder="4x+5"></label>
    <label>Seed (optional) <input id="seed" name="seed" type="number" min="0" placeholder="random"></label>
    <fieldset id="parts" class="wide"><legend>Parts</legend></fieldset>
    <label class="wide">Form (optional, section names in order) <input id="form" name="form" type="text" placeholder="intro verse chorus verse chorus outro"></label>
    <label class="wide">Chord chart (optional; played whole) <textarea id="progression" name="progression" placeholder="[A] Am7 | D7 | Gmaj7 Cmaj7 | % [B] Bm7b5 | E7 | Am7 | %"></textarea></label>
    <label class="wide">iReal Pro link (optional; its style, key and chart) <input id="ireal" name="ireal" type="text" placeholder="irealbook://…"></label>
    <label class="wide">Song title (when the link is a playlist) <input id="ireal-song" name="song" type="text"></label>
    <button id="go" type="submit">Create and run</button>
  </form>
  <div id="status" role="status"></div>
  <section id="result" aria-label="Player">
    <h2 id="title"></h2>
    <div id="player">
      <div id="transport">
        <button id="play" type="button" aria-label="Play">Play</button>
        <button id="stop" type="button" aria-label="Stop">Stop</button>
        <span id="position" aria-live="off" aria-label="Position">bar 1 · beat 1</span>
        <button id="loop" class="small" type="button" aria-pressed="false" aria-label="Loop the chosen section (L)">Loop</button>
        <label class="check">Loop section <select id="loop-section" aria-label="Section to loop"></select></label>
      </div>
      <p id="audio-note" class="note"></p>
    </div>
    <nav id="section-list" aria-label="Sections: choose one to loop it"></nav>
    <div id="roll-frame"><div id="roll-box"><img id="roll" alt="Piano roll of the song"><div id="loop-band"></div><div id="playhead"></div></div></div>
    <div id="mixer" aria-label="Parts"></div>
    <div id="downloads"></div>
    <p class="note">Keys: space plays and pauses, L loops, 1–4 mute parts. Click the section names on the piano roll to loop one, elsewhere to jump there.</p>
  </section>
  <section id="recent" aria-label="Recent sessions"><h2>Recent sessions</h2><div id="recent-list"></div></section>
</main>
<script src="/studio.js"></script>
</body>
</html>
"""#
