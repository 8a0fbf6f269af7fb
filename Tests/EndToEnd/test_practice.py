"""Practising with Backline over REST and the CLI, judged by mido (not Backline's code): count-ins,
minus-one parts, charts with their own sections, the woodshed loop, and the bounds."""
import io
import json

import mido

from test_server import Server

AABA = "[A] Bbmaj7 | Gm7 | Cm7 | F7 [A] Bbmaj7 | Gm7 | Cm7 F7 | Bb6 [B] Dm7 | G7 | Cm7 | F7 [A] Bbmaj7 | Gm7 | N.C. | Bb6"


def notes(song):
    """(track name, channel, pitch, start tick, end tick) for every note."""
    found = []
    for track in song.tracks:
        now, sounding = 0, {}
        for message in track:
            now += message.time
            if message.type == "note_on" and message.velocity:
                sounding[(message.channel, message.note)] = now
            elif message.type in ("note_on", "note_off") and (message.channel, message.note) in sounding:
                found.append((track.name, message.channel, message.note, sounding.pop((message.channel, message.note)), now))
    return found


def make(server, body):
    status, created = server.json("POST", "/sessions", body)
    assert status == 201, created
    status, ran = server.json("POST", f"/sessions/{created['id']}/run")
    assert status == 200, ran
    status, detail = server.json("GET", f"/sessions/{created['id']}")
    _, exported, _ = server.request("GET", f"/sessions/{created['id']}/export")
    return detail, mido.MidiFile(file=io.BytesIO(exported))


def test_count_in_and_minus_one_over_rest(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        detail, song = make(server, {"genre": "jazz", "key": "Bb", "progression": AABA, "count_in": 2,
                                     "parts": ["drums", "bass", "keys"], "seed": 1})
        assert detail["count_in"] == 2 and detail["parts"] == ["drums", "bass", "keys"] and detail["choruses"] == 1
        assert [s["name"] for s in detail["arrangement"]] == ["count-in", "A", "A", "B", "A"]
        assert detail["arrangement"][0]["chords"] == ["N.C.", "N.C."]
        bar = song.ticks_per_beat * 4
        played = notes(song)
        count_in = [n for n in played if n[3] < 2 * bar]
        assert {(n[1], n[2]) for n in count_in} == {(9, 37)}, "only the side stick before bar 3"
        assert sorted(n[3] for n in count_in) == [0, 2 * 480, 4 * 480, 5 * 480, 6 * 480, 7 * 480]
        assert [t.name for t in song.tracks[1:]] == ["drums", "bass", "keys"]
        assert 2 not in {n[1] for n in played}, "the guitar, left out, plays nothing"
        assert song.length > 0 and round(mido.tempo2bpm(next(m.tempo for m in song.tracks[0] if m.type == "set_tempo"))) == 120, "REST keeps the contract's 120 bpm default"
    finally:
        server.stop()


def test_the_woodshed_loop_raises_the_tempo_each_pass(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        detail, song = make(server, {"genre": "jazz", "key": "Bb", "tempo": 120, "progression": AABA, "practice": "3x+10",
                                     "count_in": 1, "loop": ["B"], "seed": 2})
        assert detail["practice"] == "3x+10" and detail["loop"] == ["B"]
        assert [s["name"] for s in detail["arrangement"]] == ["count-in", "B"] * 3
        assert detail["tempos"] == [{"bar": 0, "bpm": 120}, {"bar": 5, "bpm": 130}, {"bar": 10, "bpm": 140}]
        now, changes = 0, []
        for message in song.tracks[0]:
            now += message.time
            if message.type == "set_tempo":
                changes.append((now // (4 * song.ticks_per_beat), round(mido.tempo2bpm(message.tempo))))
        assert changes == [(0, 120), (5, 130), (10, 140)]
        assert abs(song.length - sum(5 * 4 * 60 / bpm for bpm in (120, 130, 140))) < 0.05
    finally:
        server.stop()


def test_requests_that_cannot_play_are_400_with_what_can(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        for body, detail in [
            ({"genre": "jazz", "count_in": 4}, "count_in 4 is outside 0–2 bars"),
            ({"genre": "jazz", "practice": "lots"}, "practice 'lots' is not a practice plan: write passes, x, and an optional step in bpm, such as 4x+5 (1–16 passes, steps up to 50)"),
            ({"genre": "jazz", "progression": AABA, "loop": ["C"]}, "the song has no section 'C' to loop; its sections are A, B"),
            ({"genre": "jazz", "loop": "yes"}, "loop must be true, false or a list of section names, not a string"),
            ({"genre": "jazz", "progression": AABA, "choruses": 64, "practice": "2x"},
             "the song would last 2048 bars; a song is at most 1024 bars (count-ins and practice passes included)"),
        ]:
            status, answer = server.json("POST", "/sessions", body)
            assert status == 400, (body, answer)
            assert answer["detail"] == detail
    finally:
        server.stop()


def test_cli_prints_passes_and_their_tempos(run, tmp_path):
    done = run("generate", "--genre", "blues", "--key", "A", "--mode", "minor", "--tempo", "90",
               "--progression", "Am7 | Dm7 | Am7 | % | Dm7 | % | Am7 | % | E7 | Dm7 | Am7 | E7",
               "--practice", "2x+6", "--count-in", "1", "--seed", "1", "--out", str(tmp_path), "--name", "woodshed")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Blues in A minor, 90→96 bpm (2x+6 practice), 4/4, 26 bars")
    assert lines[1].split() == ["count-in", "bar", "1", "N.C.", "(90", "bpm)"]
    assert lines[3].split()[-2:] == ["(96", "bpm)"]
    song = mido.MidiFile(tmp_path / "woodshed_full.mid")
    assert [round(mido.tempo2bpm(m.tempo)) for m in song.tracks[0] if m.type == "set_tempo"] == [90, 96]
    assert json.loads(json.dumps(done.stdout)) == done.stdout
