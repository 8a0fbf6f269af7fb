"""Backline's MCP server as an assistant meets it, through the reference client (PyPI `mcp` 2.x):
`backline mcp` over stdio, and POST /mcp on a running server."""
import asyncio
import base64
import io
import json
import re
import urllib.error
import urllib.request

import mido
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from conftest import ROOT
from test_server import Server


def stdio(backline, data_dir, body):
    """Runs `body(session)` against `backline mcp` started as an assistant starts it: from a folder
    of its own, with no Presets/ in it (the bundled genres are found beside the executable)."""
    async def main():
        parameters = StdioServerParameters(command=backline, args=["mcp", "--data-dir", str(data_dir)], cwd=str(data_dir))
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)
    return asyncio.run(main())


def over_http(url, body):
    async def main():
        async with streamable_http_client(url) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                return await body(session)
    return asyncio.run(main())


def midi_of(blob):
    return mido.MidiFile(file=io.BytesIO(blob))


async def read_blob(session, uri):
    result = await session.read_resource(uri)
    return base64.b64decode(result.contents[0].blob)


def test_stdio_makes_a_track_in_the_key_asked_and_rest_serves_the_same_session(backline, tmp_path):
    async def body(session):
        tools = [tool.name for tool in (await session.list_tools()).tools]
        made = await session.call_tool("make_backing_track", {"genre": "blues", "key": "A", "mode": "minor", "tempo": 96, "seed": 5})
        bad = await session.call_tool("make_backing_track", {"genre": "blues", "key": "H"})
        session_id = made.structured_content["id"]
        blob = await read_blob(session, f"backline://sessions/{session_id}/full.mid")
        return tools, made, bad, session_id, blob

    tools, made, bad, session_id, blob = stdio(backline, tmp_path, body)
    assert tools == ["list_genres", "describe_genre", "list_keys_and_modes", "make_backing_track", "make_game_loop",
                     "get_session", "list_sessions", "import_ireal", "validate_preset"]
    assert not made.is_error
    assert made.content[0].text.startswith(f"session {session_id}: blues in A minor, 96 bpm, seed 5, completed")
    assert [link.uri for link in made.content[1:]][0] == f"backline://sessions/{session_id}/full.mid"
    assert bad.is_error and bad.content[0].text.startswith("unknown key 'H'; valid keys: C, C#, Db")

    song = midi_of(blob)
    tempo = next(m.tempo for m in song.tracks[0] if m.type == "set_tempo")
    assert round(mido.tempo2bpm(tempo)) == 96
    assert next(m.key for m in song.tracks[0] if m.type == "key_signature") == "Am"
    channels = {m.channel for track in song.tracks for m in track if m.type == "note_on"}
    assert channels == {9, 1, 2}, "drums on 10, bass and guitar on their own channels"

    # The session lives in the data folder's SQLite: a server on the same folder serves its bytes.
    server = Server(backline, tmp_path)
    try:
        status, exported, _ = server.request("GET", f"/sessions/{session_id}/export")
        assert status == 200 and exported == blob
    finally:
        server.stop()


def test_http_mcp_makes_a_seamless_game_loop_that_rest_exports_byte_for_byte(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        async def body(session):
            loop = await session.call_tool("make_game_loop", {"mood": "chase", "bars": 8, "seed": 3})
            blob = await read_blob(session, f"backline://sessions/{loop.structured_content['id']}/full.mid")
            return loop, blob

        loop, blob = over_http(server.url + "/mcp", body)
        assert not loop.is_error, loop.content[0].text
        assert loop.structured_content["loop"] is True and loop.structured_content["bars"] == 8
        session_id = loop.structured_content["id"]
        assert loop.structured_content["urls"]["export"] == f"{server.url}/sessions/{session_id}/export"
        status, exported, _ = server.request("GET", f"/sessions/{session_id}/export")
        assert status == 200 and exported == blob

        # Played twice end to end: nothing hangs over the seam, and the band plays through it.
        song = midi_of(blob)
        loop_end = 8 * 4 * song.ticks_per_beat
        notes = []  # (start, end, channel, pitch) over two plays
        for track in song.tracks:
            now, sounding = 0, {}
            for message in track:
                now += message.time
                if message.type == "note_on" and message.velocity > 0:
                    sounding[(message.channel, message.note)] = now
                elif message.type in ("note_on", "note_off") and (message.channel, message.note) in sounding:
                    start = sounding.pop((message.channel, message.note))
                    notes += [(start + play * loop_end, now + play * loop_end, message.channel, message.note) for play in (0, 1)]
            assert not sounding, f"{track.name}: notes never released"
            assert now == loop_end, f"{track.name} ends at {now}, the loop at {loop_end}"
        first_play = [n for n in notes if n[0] < loop_end]
        assert all(end <= loop_end for _, end, _, _ in first_play), "a note of the first play sounds into the second"
        sixteenth = song.ticks_per_beat // 4
        assert any(loop_end <= start < loop_end + sixteenth for start, _, channel, _ in notes if channel == 9), "drums on the seam's downbeat"
        assert any(loop_end - song.ticks_per_beat <= start < loop_end for start, _, _, _ in notes), "the last beat before the seam plays"
        beat_starts = {start // song.ticks_per_beat for start, _, _, _ in notes}
        assert all(beat in beat_starts for beat in range(0, 2 * 8 * 4)), "every beat of both plays has an attack: no gap"
        assert abs(song.length - 8 * 4 * 60 / loop.structured_content["tempo"]) < 0.01, "no silence after the last bar"

        # REST asks for the same with loop: true.
        status, created = server.json("POST", "/sessions", {"genre": "electronic", "key": "A", "mode": "minor", "form": ["chorus"],
                                                            "bars": 8, "loop": True, "seed": 3})
        assert status == 201
        assert server.request("POST", f"/sessions/{created['id']}/run")[0] == 200
        status, detail = server.json("GET", f"/sessions/{created['id']}")
        assert detail["loop"] is True and detail["bars"] == 8 and detail["status"] == "completed"
    finally:
        server.stop()


def test_http_mcp_refuses_a_foreign_origin_when_bound_to_loopback(backline, tmp_path):
    """A web page elsewhere must not drive a local server through the browser (DNS rebinding)."""
    server = Server(backline, tmp_path)
    try:
        request = urllib.request.Request(
            server.url + "/mcp", method="POST", data=b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}',
            headers={"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                     "Origin": "http://evil.example"})
        try:
            urllib.request.urlopen(request, timeout=10)
            status = 200
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 403
    finally:
        server.stop()


def test_every_call_in_the_mcp_guide_answers_as_written(backline, tmp_path):
    """Docs/MCP.md's examples, replayed in order on an empty store: same text, session ids aside."""
    guide = (ROOT / "Docs" / "MCP.md").read_text()
    examples = re.findall(r"```json (\w+)\n(.*?)\n```\s*\n```text\n(.*?)\n```", guide, re.S)
    assert len(examples) >= 9, "the guide shows a call and answer for every tool"
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

    async def body(session):
        answers = []
        for tool, arguments, _ in examples:
            result = await session.call_tool(tool, json.loads(arguments))
            answers.append("\n".join(item.text for item in result.content if item.type == "text"))
        return answers

    answers = stdio(backline, tmp_path, body)
    for (tool, arguments, written), answer in zip(examples, answers):
        assert uuid.sub("<id>", answer) == uuid.sub("<id>", written), f"{tool} {arguments}"
    # Every tool but get_session, whose argument is an id the guide cannot know in advance.
    assert {tool for tool, _, _ in examples} == {"list_genres", "describe_genre", "list_keys_and_modes", "make_backing_track",
                                                 "make_game_loop", "list_sessions", "import_ireal", "validate_preset"}


def test_bad_mcp_settings_are_one_line_errors(run, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    for args, env, message in [
        (["mcp", "--data-dir", str(blocked / "data")], {}, f"Error: cannot create the data folder '{blocked / 'data'}': Not a directory"),
        (["mcp", "--data-dir", str(tmp_path), "--database-url", "mysql://x"], {},
         "Error: the database URL 'mysql://x' is not a PostgreSQL URL; write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
        (["mcp", "--data-dir", str(tmp_path), "--presets", str(tmp_path / "missing")], {},
         f"Error: preset folder '{tmp_path / 'missing'}': no such folder"),
    ]:
        done = run(*args, env=env)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.strip().splitlines()[-1] == message


def test_a_genre_dropped_in_while_mcp_runs_is_offered(backline, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()

    async def body(session):
        before = [genre["id"] for genre in (await session.call_tool("list_genres", {})).structured_content["genres"]]
        text = (ROOT / "Presets" / "blues.yaml").read_text().replace("id: blues", "id: slow_blues", 1)
        (mine / "slow_blues.yaml").write_text(text)
        for _ in range(50):
            await asyncio.sleep(0.1)
            made = await session.call_tool("make_backing_track", {"genre": "slow_blues", "key": "G", "seed": 1})
            if not made.is_error:
                return before, made
        return before, made

    async def main():
        parameters = StdioServerParameters(command=backline, args=["mcp", "--data-dir", str(tmp_path), "--presets", str(mine)],
                                           cwd=str(tmp_path))
        async with stdio_client(parameters) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await body(session)

    before, made = asyncio.run(main())
    assert "slow_blues" not in before and len(before) == 42
    assert not made.is_error, made.content[0].text
    assert made.content[0].text.split(": ", 1)[1].startswith("slow_blues in G major")
