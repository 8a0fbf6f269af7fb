import Hummingbird

/// `GET /`: the studio page. Plain HTML, CSS and JavaScript in one document, nothing fetched from
/// elsewhere: choose a genre, key, mode, tempo, sections, keys, seed and an optional chord chart;
/// create and run a session; see its piano roll, play it, download the MIDI files.
struct StudioController<Context: RequestContext>: Sendable {
    var endpoints: [Endpoint<Context>] { [Endpoint(.get, "/", inSchema: false, page)] }

    @Sendable func page(_ request: Request, context: Context) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: studioPage)))
    }
}

/// The page itself.
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
          label.wide { grid-column: span 2; }
          label.check { flex-direction: row; align-items: center; gap: 6px; font-size: 14px; color: #222; }
          fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 14px; align-items: center; }
          fieldset.wide { grid-column: span 2; }
          legend { font-size: 12px; color: #6b5d4f; padding: 0 0 4px; }
          select, input[type=number], input[type=text] { font-size: 14px; padding: 6px; border: 1px solid #cfc4b4; border-radius: 4px; }
          button { font-size: 15px; padding: 9px 14px; background: #8a3b12; color: #fff; border: 0; border-radius: 5px; cursor: pointer; }
          button:disabled { background: #b9a58f; cursor: wait; }
          #status { margin: 14px 0; font-size: 14px; min-height: 18px; }
          #status.error { color: #b00020; }
          #result { display: none; background: #fff; border: 1px solid #e4dccf; border-radius: 8px; padding: 16px; }
          #result h2 { margin: 0 0 10px; font-size: 17px; }
          #roll-frame { overflow-x: auto; border: 1px solid #eee; }
          #downloads a { display: inline-block; margin: 10px 10px 0 0; padding: 6px 10px; background: #efe7da; border-radius: 4px;
                         color: #2b2118; text-decoration: none; font-size: 13px; }
          audio { width: 100%; margin-top: 12px; }
          .note { font-size: 12px; color: #6b5d4f; }
        </style>
        </head>
        <body>
        <header><h1>Backline Studio</h1><p>Backing tracks from genre presets: pick a genre, a key and the parts to play.</p></header>
        <main>
          <form id="song">
            <label class="wide">Genre <select id="genre" name="genre"></select></label>
            <label>Key <select id="key" name="key"></select></label>
            <label>Mode <select id="mode" name="mode"></select></label>
            <label>Tempo (bpm) <input id="tempo" name="tempo" type="number" min="40" max="300" value="120"></label>
            <label>Sections <input id="sections" name="sections" type="number" min="1" max="64" value="4"></label>
            <label>Seed (optional) <input id="seed" name="seed" type="number" min="0" placeholder="random"></label>
            <fieldset id="extra-parts" class="wide"><legend>Add parts</legend></fieldset>
            <label class="wide">Chord chart (optional) <input id="progression" name="progression" type="text" placeholder="Am7 | D7 | Gmaj7 Cmaj7 | %"></label>
            <button id="go" type="submit">Create and run</button>
          </form>
          <div id="status" role="status"></div>
          <section id="result">
            <h2 id="title"></h2>
            <div id="roll-frame"><img id="roll" alt="Piano roll of the song"></div>
            <div id="player"></div>
            <div id="downloads"></div>
          </section>
        </main>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const status = (text, error) => { $("status").textContent = text; $("status").className = error ? "error" : ""; };
        let genres = [], audio = false;

        async function json(response) {
          const body = await response.json().catch(() => ({}));
          if (!response.ok) throw new Error(body.detail || response.statusText);
          return body;
        }

        function fill(select, values, chosen) {
          select.innerHTML = "";
          for (const value of values) {
            const option = document.createElement("option");
            option.value = value.id || value;
            option.textContent = value.name ? `${value.name} (${value.tempo.min}-${value.tempo.max} bpm)` : value;
            select.appendChild(option);
          }
          if (chosen) select.value = chosen;
        }

        async function start() {
          try {
            const [genreList, openapi, health] = await Promise.all([
              fetch("/genres").then(json), fetch("/openapi.json").then(json), fetch("/health").then(json)]);
            genres = genreList;
            audio = health.audio;
            const fields = openapi.components.schemas.CreateSession.properties;
            fill($("genre"), genres, "classic_rock");
            fill($("key"), fields.key.enum, "C");
            fill($("mode"), fields.mode.enum, "major");
            $("genre").addEventListener("change", () => {
              const genre = genres.find((g) => g.id === $("genre").value);
              if (!genre) return;
              $("tempo").value = genre.tempo.default;
              // The parts this genre plays only on request, each a checkbox.
              const extra = $("extra-parts");
              extra.querySelectorAll("label").forEach((label) => label.remove());
              for (const part of genre.on_request) {
                const label = document.createElement("label");
                label.className = "check";
                label.innerHTML = `<input id="part-${part}" type="checkbox" value="${part}"> ${part}`;
                extra.appendChild(label);
              }
              extra.style.visibility = genre.on_request.length ? "visible" : "hidden";
            });
            $("genre").dispatchEvent(new Event("change"));
            status(audio ? "Ready." : "Ready. (Audio is off on this server: " + health.audio_detail + ")");
          } catch (error) {
            status("Could not load the genres: " + error.message, true);
          }
        }

        $("song").addEventListener("submit", async (event) => {
          event.preventDefault();
          const body = {
            genre: $("genre").value, key: $("key").value, mode: $("mode").value,
            tempo: Number($("tempo").value), sections: Number($("sections").value),
          };
          const genre = genres.find((g) => g.id === body.genre);
          const added = [...document.querySelectorAll("#extra-parts input:checked")].map((box) => box.value);
          if (genre && added.length) body.parts = genre.parts.filter((part) => !genre.on_request.includes(part) || added.includes(part));
          if ($("seed").value !== "") body.seed = Number($("seed").value);
          if ($("progression").value.trim() !== "") body.progression = $("progression").value.trim();
          $("go").disabled = true;
          status("Creating the session...");
          try {
            const created = await fetch("/sessions", { method: "POST", headers: { "Content-Type": "application/json" },
                                                        body: JSON.stringify(body) }).then(json);
            status("Playing it...");
            const run = await fetch(`/sessions/${created.id}/run`, { method: "POST" }).then(json);
            const session = await fetch(`/sessions/${created.id}`).then(json);
            show(session, run.files);
            status(`Done: session ${created.id}, seed ${session.seed}.`);
          } catch (error) {
            status(error.message, true);
          } finally {
            $("go").disabled = false;
          }
        });

        function show(session, files) {
          const bars = session.arrangement.reduce((sum, section) => sum + section.bars, 0);
          $("title").textContent = `${session.genre} in ${session.key} ${session.mode.replace("_", " ")}, ${session.tempo} bpm, ${bars} bars`;
          $("roll").src = `/sessions/${session.id}/pianoroll.svg`;
          $("player").innerHTML = audio
            ? `<audio id="audio" controls preload="none" src="/sessions/${session.id}/audio?format=wav"></audio>`
            : `<p class="note">Audio needs FluidSynth on the server.</p>`;
          const links = files.map((file) => {
            const part = file.replace(/^.*_(\w+)\.mid$/, "$1");
            const url = part === "full" ? `/sessions/${session.id}/export` : `/sessions/${session.id}/parts/${part}`;
            return `<a data-part="${part}" href="${url}" download>${part === "full" ? "Full MIDI" : part}</a>`;
          });
          $("downloads").innerHTML = links.join("");
          $("result").style.display = "block";
        }

        start();
        </script>
        </body>
        </html>
        """#
