/// `GET /studio.css`: the studio page's stylesheet (see ``StudioController``), a file of its own
/// rather than an inline `<style>`, which the page's Content-Security-Policy (`style-src 'self'`)
/// would refuse. The script sets only element style properties, which that policy allows.
let studioStyle = #"""
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
"""#
