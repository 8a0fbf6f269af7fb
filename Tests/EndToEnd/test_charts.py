"""Chord charts in and out, judged by code Backline did not write: pyRealParser reads the same
iReal Pro links (real shared ones, and ones built here with repeats, endings and rehearsal marks),
music21 reads the MusicXML export and writes a lead sheet for Backline to read, mido reads the MIDI.
"""
import contextlib
import io
import json
import re
import urllib.parse

import mido
import pytest
from music21 import converter, harmony, metadata, meter, note, stream
from music21 import key as m21key
from pyRealParser import Tune

from test_practice import notes as notes_of_song
from test_server import Server

# Links shared from iReal Pro (also in Tests/ChordChartsTests/IRealProTests.swift).
AUTUMN_LEAVES = "irealb://Autumn%20Leaves=Kosma%20Joseph==Medium%20Swing=G%2D==1r34LbKcu7QyX314C%2D7XyX7hA%7CQyX7%5EbE%7CyQX7%5EbB%7CQyX7F%7CQyQ%7CD7b4T%7BA%2AQyX7%2DyQKclcKQyX6%2DG%7CQyX317bD%7CQyX7hA%5BB%2A%7D%20%20l%20LZCX6%2DG%7CL7bG%20Q%7CBb%5EyX31b7D%7CQyX7hAC%5B%2A%5DQyX7%5EbE%7CQyX7Q%7CG%2D7yX7F%7CZF%2D7%20E7LZAh7XyQ%7CD7b13XyQ%7CG%2D6XyQKcl%20%20Z=Jazz%2DMedium%20Swing=85=0"
BLUES = "irealb://Blues%20-%20Simple%3DExercise%3D%3DShuffle%3DA%3D%3D1r34LbKcu7X7EZL7XyQKyX7AZL%20lcKQyX7ZDL%20x%20ZL%20x%20ZL%20lcQKcl%20A44T%5ByQ%7CD7XyQ%7CA7XyQKcl%20%20Z%20%3D%3D0%3D0"

# What pyRealParser's iReal spellings are in Backline's spelling: the judge's own table.
QUALITIES = {
    "": "", "-": "m", "^7": "maj7", "^": "maj7", "-7": "m7", "h7": "m7b5", "h": "m7b5", "o7": "dim7", "o": "dim",
    "7": "7", "6": "6", "-6": "m6", "69": "6/9", "9": "9", "-9": "m9", "^9": "maj9", "13": "13", "7b9": "7b9",
    "7#9": "7#9", "7b13": "7b13", "7#11": "7#11", "^7#11": "maj7#11", "-^7": "mMaj7", "9sus": "9sus4", "7sus": "7sus4",
}


def scramble(chart):
    """iReal's obfuscation of a chart: blocks of 50 characters, each with some characters swapped
    end for end (the swap undoes itself, so this is also how pyRealParser unscrambles)."""
    def block(text):
        swapped = list(text)
        for i in list(range(5)) + list(range(10, 24)):
            swapped[i], swapped[49 - i] = text[49 - i], text[i]
        return "".join(swapped)
    out = ""
    while len(chart) > 50:
        head, chart = chart[:50], chart[50:]
        out += head if len(chart) < 2 else block(head)
    return out + chart


def song(title, style, key, chart, composer="Doe John"):
    return f"{title}={composer}=={style}={key}==1r34LbKcu7{scramble(chart)}==0=0"


def link(*songs, name=None):
    body = "===".join(songs) + (f"==={name}" if name else "")
    return "irealb://" + urllib.parse.quote(body, safe="")


# Built here: repeats with 1st and 2nd endings, rehearsal marks, x (repeat the bar), n (N.C.).
ENDINGS = song("Endings", "Bossa Nova", "C", "[T44*AC^7 |A-7 |D-7 |G7 ]*B{F^7 |Fo7 |N1E-7 |A7 }|N2D-7 G7 |C6 Z")
SPELLINGS = song("Spellings", "Medium Swing", "Bb-",
                 "[T44*AC^7 D-7 |Eh7 A7b9 |D-^7 G7 |C69 |F^7#11 |Bb13 |E7#9 |A7b13 ][*BD9sus G7sus |Co7 |C-6 C6 |n |x |C7/E Z")
ROCK = song("Rocker", "Rock", "E", "{*AE |A |E |B7 }[*BC#- |A |B |x Z")
WALTZ = song("Waltz For Test", "Jazz Waltz", "F", "[T34*AF^7 |D-7 |G-7 |C7 Z")
FIVE = song("Five For Test", "Medium Swing", "D-", "[T54*AD-7 |A-7 Z")


def pyrealparser_bars(url):
    """The bars pyRealParser reads, each as Backline spells its chords, repeats within a bar merged."""
    with contextlib.redirect_stdout(io.StringIO()):  # it prints a line per song
        tunes = Tune.parse_ireal_url(url)
    songs = []
    for tune in tunes:
        bars = []
        for measure in tune.measures_as_strings:
            chords = []
            for root, quality, bass in re.findall(r"([A-G][b#]?|n)([^A-G/n]*)(/[A-G][b#]?)?", measure):
                if root == "n":
                    chord = "N.C."
                else:
                    assert quality in QUALITIES, f"the test's table lacks iReal's '{quality}' ({measure})"
                    chord = root + QUALITIES[quality] + bass
                if not chords or chords[-1] != chord:
                    chords.append(chord)
            bars.append(chords)
        songs.append((tune.title, bars))
    return songs


def merged(bar):
    """A bar's chords with a chord held over several beats written once."""
    out = []
    for chord in bar:
        if not out or out[-1] != chord:
            out.append(chord)
    return out


def midi_notes(data):
    """(track name, channel, pitch, start tick, end tick) for every note of a MIDI file's bytes."""
    return notes_of_song(mido.MidiFile(file=io.BytesIO(data)))


@pytest.fixture()
def server(backline, tmp_path):
    running = Server(backline, tmp_path)
    yield running
    running.stop()


def session(server, body):
    status, created = server.json("POST", "/sessions", body)
    assert status == 201, created
    status, ran = server.json("POST", f"/sessions/{created['id']}/run")
    assert status == 200, ran
    return server.json("GET", f"/sessions/{created['id']}")[1]


@pytest.mark.parametrize("url", [AUTUMN_LEAVES, BLUES, link(ENDINGS), link(SPELLINGS), link(ROCK, ENDINGS, name="Set")],
                         ids=["autumn-leaves", "blues-simple", "endings", "spellings", "playlist"])
def test_ireal_links_agree_with_pyrealparser_bar_for_bar(server, url):
    status, body = server.json("POST", "/charts/ireal", {"url": url})
    assert status == 200, body
    expected = pyrealparser_bars(url)
    assert [s["title"] for s in body["songs"]] == [title for title, _ in expected]
    for read, (title, bars) in zip(body["songs"], expected):
        assert [merged(bar) for bar in read["bars"]] == bars, title


def test_what_the_ireal_reader_says_about_a_song(server):
    status, body = server.json("POST", "/charts/ireal", {"url": link(ROCK, ENDINGS, name="Set")})
    assert status == 200 and body["name"] == "Set"
    rock, endings = body["songs"]
    assert (rock["title"], rock["composer"], rock["style"], rock["genre"], rock["key"]) == ("Rocker", "John Doe", "Rock", "classic_rock", "E major")
    assert rock["chart"] == "[A] E | A | E | B7 [A] E | A | E | B7 [B] C#m | A | B | B"
    assert [(s["name"], s["first_bar"], s["bars"]) for s in rock["sections"]] == [("A", 0, 4), ("A", 4, 4), ("B", 8, 4)]
    assert endings["genre"] == "bossa_nova" and endings["meter"] == "4/4"


@pytest.mark.parametrize("body, detail", [
    ({"url": "irealb://Tune=Doe==Pop=C==1r34LbKcu7[C |Hx7 Z", "strict": True}, "bar 2"),
    ({"url": "irealb://Tune=Doe==Pop=C==1r34LbKcu7[C |Hx7 Z", "strict": "yes"}, "strict must be true or false"),
    ({"url": "https://example.com/tune"}, "not an iReal Pro link"),
    ({"url": "irealb://A%2"}, "not followed by two hex digits"),
    ({"url": 7}, "url must be a string"),
    ({}, "url is required"),
])
def test_a_malformed_link_is_400_saying_what_and_where(server, body, detail):
    status, answer = server.json("POST", "/charts/ireal", body)
    assert status == 400 and detail in answer["detail"], answer


def test_a_session_plays_an_ireal_song_with_its_genre_key_form_and_chords(server):
    playlist = link(ROCK, ENDINGS, name="Set")
    detail = session(server, {"ireal": playlist, "song": "endings", "count_in": 1, "parts": ["drums", "bass"], "seed": 4})
    # The style picked the genre, the chart the key; the tempo is the genre's.
    _, genre = server.json("GET", "/genres/bossa_nova")
    assert (detail["genre"], detail["key"], detail["mode"], detail["tempo"]) == ("bossa_nova", "C", "major", genre["tempo"]["default"])
    assert detail["source"] == {"kind": "ireal", "title": "Endings"}
    assert [s["name"] for s in detail["arrangement"]] == ["count-in", "A", "B", "B"]
    played = [chord for s in detail["arrangement"][1:] for chord in s["chords"]]
    assert played == ["Cmaj7", "Am7", "Dm7", "G7", "Fmaj7", "Fdim7", "Em7", "A7", "Fmaj7", "Fdim7", "Dm7 G7", "C6"]

    _, data, _ = server.request("GET", f"/sessions/{detail['id']}/export")
    notes = midi_notes(data)
    bar = 4 * 480
    assert {(n[1], n[2]) for n in notes if n[3] < bar} == {(9, 37)}, "the count-in bar holds only the side stick"
    assert {n[0] for n in notes} == {"drums", "bass"} and {n[1] for n in notes} == {9, 1}, "no part that was left out plays"
    # The bass plays each bar's root on its downbeat (bars after the count-in).
    roots = {"C": 0, "A": 9, "D": 2, "G": 7, "F": 5, "E": 4}
    for index, chords in enumerate(played):
        downbeat = [n for n in notes if n[0] == "bass" and abs(n[3] - (index + 1) * bar) < 60]
        assert downbeat and downbeat[0][2] % 12 == roots[chords[0]], (index, chords)


def test_a_session_refuses_what_it_cannot_play(server):
    playlist = link(ROCK, ENDINGS, name="Set")
    cases = [
        ({"ireal": playlist}, "song", "'Rocker', 'Endings'"),
        ({"ireal": playlist, "song": "Giant Steps"}, "song", "no song titled 'Giant Steps'"),
        ({"ireal": link(FIVE), "meter": "4/4"}, "meter", "is in 5/4; leave meter out"),
        ({"ireal": link(ENDINGS), "progression": "C | F"}, "ireal", "give one chord chart"),
        ({"song": "Endings"}, "song", "give the link as ireal"),
        ({"ireal": "irealb://Tune=Doe==Pop=C==1r34LbKcu7[C |Hx7 Z", "strict": True}, "ireal", "'Hx7' is not a chord"),
        ({"musicxml": "<score-partwise><part-list></part-lst></score-partwise>"}, "musicxml", "line 1"),
    ]
    for body, field, words in cases:
        status, answer = server.json("POST", "/sessions", body)
        assert status == 400 and words in answer["detail"], (body, answer)
    # A Jazz Waltz chart left to choose its genre plays as jazz_waltz, in 3/4.
    status, created = server.json("POST", "/sessions", {"ireal": link(WALTZ)})
    assert status == 201, created
    status, waltz = server.json("GET", f"/sessions/{created['id']}")
    assert status == 200 and waltz["genre"] == "jazz_waltz", waltz
    # Any genre plays a chart's meter: jazz with a waltz is a jazz waltz, a swing tune in five swings in five.
    for body, signature in [({"ireal": link(WALTZ), "genre": "jazz"}, "3/4"), ({"ireal": link(FIVE)}, "5/4")]:
        status, created = server.json("POST", "/sessions", body)
        assert status == 201, created
        assert server.json("POST", f"/sessions/{created['id']}/run")[0] == 200
        _, played = server.json("GET", f"/sessions/{created['id']}")
        assert played["meter"] == signature, played
        _, data, _ = server.request("GET", f"/sessions/{created['id']}/export")
        signatures = [f"{m.numerator}/{m.denominator}" for t in mido.MidiFile(file=io.BytesIO(data)).tracks for m in t if m.type == "time_signature"]
        assert signatures == [signature]


def music21_bars(document):
    """What music21 reads in a MusicXML document: per measure, the chord symbols (offset, root and
    bass pitch classes, pitch classes; None for N.C.), and the bass part's struck notes."""
    score = converter.parseData(document, format="musicxml")
    parts = list(score.parts)
    chords = []
    for measure in parts[0].getElementsByClass(stream.Measure):
        symbols = []
        for symbol in measure.getElementsByClass(harmony.Harmony):
            if isinstance(symbol, harmony.NoChord):
                symbols.append(None)
            else:
                symbols.append((symbol.root().pitchClass, symbol.bass().pitchClass, sorted({p.pitchClass for p in symbol.pitches})))
        chords.append(symbols)
    bass = next(p for p in parts if "bass" in (p.partName or "").lower())
    struck = []
    for measure in bass.getElementsByClass(stream.Measure):
        for item in measure.notesAndRests:
            if isinstance(item, note.Note) and (item.tie is None or item.tie.type == "start"):
                struck.append((float(measure.offset + item.offset), item.pitch.midi))
    return chords, struck, [p.partName for p in parts]


def test_musicxml_export_reads_in_music21_as_the_arrangement_and_the_bass_file(server):
    chart = "[A] Cmaj7 | Am7 | Dm7 G7 | C6 [B] Fmaj7 | Bb7 | Em7 A7b9 | Dm7/G N.C."
    detail = session(server, {"genre": "swing", "key": "C", "tempo": 140, "progression": chart, "count_in": 1, "seed": 9})
    status, document, headers = server.request("GET", f"/sessions/{detail['id']}/musicxml")
    assert status == 200 and headers["Content-Type"] == "application/vnd.recordare.musicxml+xml"
    assert b"<score-partwise" in document[:400]
    chords, struck, parts = music21_bars(document)
    assert parts == ["Bass", "Drums"]

    bars = [bar for section in detail["arrangement"] for bar in section["chords"]]
    assert len(chords) == len(bars)
    names = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}

    def pitch_class(name):
        return (names[name[0]] + name[1:].count("#") - name[1:].count("b")) % 12

    for index, (read, written) in enumerate(zip(chords, bars)):
        expected = []
        for name in written.split():
            if name == "N.C.":
                expected.append(None)
                continue
            root = re.match(r"[A-G][b#]?", name).group(0)
            bass = name.split("/")[1] if "/" in name else root
            expected.append((pitch_class(root), pitch_class(bass)))
        assert [r and r[:2] for r in read] == expected, (index, written, read)
    # Pitch classes as music21 hears the chord symbols.
    assert chords[1][0][2] == [0, 4, 7, 11], "Cmaj7"
    assert chords[7][1][2] == [1, 4, 7, 9, 10], "A7b9"

    _, bass_file, _ = server.request("GET", f"/sessions/{detail['id']}/parts/bass")
    midi = mido.MidiFile(file=io.BytesIO(bass_file))
    performed = [(n[3] / midi.ticks_per_beat, n[2]) for n in midi_notes(bass_file)]
    assert len(struck) == len(performed) and len(performed) >= 4 * 7
    for (onset, pitch), (written_onset, written_pitch) in zip(sorted(performed), struck):
        assert written_pitch == pitch
        assert abs(written_onset - onset) <= 0.13, "onsets quantized to the nearest 16th or 8th-note triplet"


def lead_sheet_by_music21():
    """A lead sheet written by music21, not Backline: 3 bars of 4/4 in F, two chords in the second."""
    score = stream.Score()
    score.insert(0, metadata.Metadata(title="Written By music21"))
    part = stream.Part()
    symbols = [["F7"], ["B-7", "C7"], ["F"]]  # music21 writes flats as '-'; it reads "Bb7" as B with a flat 7th
    for number, bar in enumerate(symbols, start=1):
        measure = stream.Measure(number=number)
        if number == 1:
            measure.insert(0, meter.TimeSignature("4/4"))
            measure.insert(0, m21key.Key("F"))
        for index, figure in enumerate(bar):
            measure.insert(index * 2.0, harmony.ChordSymbol(figure))
        measure.insert(0, note.Rest(quarterLength=4))
        part.append(measure)
    score.insert(0, part)
    return score


def test_a_lead_sheet_music21_wrote_plays_as_its_chords(server, tmp_path, run):
    path = tmp_path / "sheet.musicxml"
    lead_sheet_by_music21().write("musicxml", fp=str(path))
    text = path.read_text()
    detail = session(server, {"musicxml": text, "genre": "blues", "seed": 1})
    assert detail["source"] == {"kind": "musicxml", "title": "Written By music21"}
    assert (detail["key"], detail["mode"]) == ("F", "major")
    assert [bar for section in detail["arrangement"] for bar in section["chords"]] == ["F7", "Bb7 C7", "F"]

    result = run("generate", "--chart", str(path), "--genre", "blues", "--seed", "1", "--out", str(tmp_path / "out"), "--musicxml")
    assert result.returncode == 0, result.stderr
    assert "F7 | Bb7 C7 | F" in result.stdout
    exported = (tmp_path / "out" / "blues_F_major.musicxml").read_text()
    assert "<work-title>Written By music21</work-title>" in exported


def test_the_cli_plays_an_ireal_link_from_a_file_and_says_what_is_wrong(run, tmp_path):
    page = tmp_path / "playlist.html"
    page.write_text(f'<html><body><a href="{link(ROCK, ENDINGS, name="Set")}">Set</a></body></html>')
    result = run("generate", "--ireal", str(page), "--song", "Rocker", "--seed", "2", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Rocker (Classic Rock in E major), "), result.stdout
    assert (tmp_path / "out" / "classic_rock_E_major_full.mid").exists()

    result = run("generate", "--ireal", str(page), "--out", str(tmp_path / "out"))
    assert result.returncode != 0 and "'Rocker', 'Endings'" in result.stderr
    result = run("generate", "--ireal", "irealb://Tune=Doe==Pop=C==1r34LbKcu7[C |Hx7 Z", "--strict", "--out", str(tmp_path / "out"))
    assert result.returncode != 0 and "bar 2" in result.stderr and "'Hx7' is not a chord" in result.stderr
    # Without --strict the symbol it cannot read is dropped and the song plays.
    result = run("generate", "--ireal", "irealb://Tune=Doe==Pop=C==1r34LbKcu7[C |Hx7 Z", "--seed", "1", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr

    imported = run("chart", "import", "--json", str(page))
    assert imported.returncode == 0 and [s["title"] for s in json.loads(imported.stdout)] == ["Rocker", "Endings"]
