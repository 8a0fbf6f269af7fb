import Hummingbird
import MusicTheory

/// `GET /`: the studio page, a practice player. Plain HTML here, its stylesheet at `GET /studio.css`
/// (``studioStyle``) and its script at `GET /studio.js` (``studioScript``), nothing fetched from
/// elsewhere: make a song (genre, key, tempo, parts, form, count-in, practice passes, a chord chart or
/// an iReal Pro link) or reopen a recent one, then play it with a playhead on the piano roll, mute,
/// solo and set the level of each part, loop a section.
///
/// The page holds no inline script, style or event attribute, so it works under the
/// Content-Security-Policy of ``SecurityHeadersMiddleware``, which allows neither.
struct StudioController<Context: RequestContext>: Sendable {
    var endpoints: [Endpoint<Context>] {
        [
            Endpoint(.get, "/", inSchema: false, page), Endpoint(.get, "/studio.js", inSchema: false, script),
            Endpoint(.get, "/studio.css", inSchema: false, style),
        ]
    }

    @Sendable func page(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioPage)))
    }

    @Sendable func script(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioScript)))
    }

    @Sendable func style(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioStyle)))
    }
}

/// The page itself; its looks are in ``studioStyle``, the player's workings in ``studioScript``.
let studioPage = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Backline Studio</title>
<link rel="stylesheet" href="/studio.css">
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
    <label>Meter <select id="meter" name="meter"><option value="">the genre's</option>\#(Meter.everyday.map { "<option>\($0.description)</option>" }.joined())</select></label>
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
