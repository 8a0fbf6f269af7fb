"""Real published charts, judged by code Backline did not write.

The iReal Pro playlists in charts/ireal/ and the MusicXML lead sheets in charts/musicxml/ were
written by other people (charts/*/README.md says where each came from). pyRealParser counts and
reads the playlists' songs, mido reads the MIDI files and music21 reads the MusicXML, so a test here
fails only where Backline and an outside reader disagree about a chart a musician really brings.

What they expect of Backline:
- `backline chart import FILE --json` takes a whole playlist: exit 0, a JSON list of the songs it
  read, and one stderr line `skipped: ...` holding the title of each song it left out; together
  they are every song in the link (as pyRealParser counts them). With `--strict` it refuses a
  playlist with an unreadable song instead: exit 1, naming the song and the bar.
- `POST /charts/ireal` `{"url": link}` (the body Docs/API.md gives) answers 200 with the songs and
  `skipped`: a list of {song, index (from 1), bar (int or null), symbol (string or null), reason}.
- At least 99.5% of a playlist's songs play: `generate --ireal FILE --song TITLE --seed 1` writes
  a `_full.mid` whose time signatures are the chart's `meter` and `meter_changes` and whose length
  is the chart's bars.
- pyRealParser and `chart import --json` read the same chords bar for bar (in songs it reads plainly).
- `generate --chart FILE --musicxml` reads MusicXML lead sheets (.mxl too) in any meter, with or
  without `--genre`, and its MusicXML export keeps the source's meter in every bar.
- `generate --genre jazz --meter M` plays a song in M, and `GET /genres/jazz` says which meters the
  genre writes itself and which it derives: `"meters": {"written": [...], "derived": [...]}`.

About two minutes on a debug build with two cores (measure: `time python3 -m pytest -q
Tests/EndToEnd/test_real_charts.py`); `generate` runs two at a time.
"""
import collections
import concurrent.futures
import contextlib
import io
import json
import math
import os
import pathlib
import re
import subprocess
import urllib.parse

import mido
import pytest
from music21 import converter, meter, stream
from pyRealParser import Tune

from conftest import ROOT
from test_charts import QUALITIES, merged
from test_practice import notes as notes_of_song
from test_server import Server

CHARTS = pathlib.Path(__file__).resolve().parent / "charts"
PLAYLISTS = sorted((CHARTS / "ireal").glob("*.txt")) + sorted((CHARTS / "ireal").glob("*.html"))
LEAD_SHEETS = sorted((CHARTS / "musicxml").glob("*.mxl")) + sorted((CHARTS / "musicxml").glob("*.musicxml"))
WORKERS = max(2, os.cpu_count() or 2)

# A gig setlist: 73 of its 726 songs are a form without a single chord (a reminder of the
# sections, played by ear), which no backing track can play. It is imported whole like every
# playlist, but left out of the 99.5%-play-through test.
FORM_ONLY_SETLISTS = {"brendans-rep.html"}

# How many songs of each playlist `generate` plays: every Nth imported song, N = ceil(songs /
# share), 83 generate runs in all, to keep this file within 4 minutes on a debug build with two
# cores: `generate --ireal` reads the whole playlist for the one song it plays, 2.5-3.5 s a run for
# Jazz 1460 or Pop 400 there. Every song of every playlist is still imported, by the import tests.
GENERATE_SHARE = {"jazz1460.txt": 12, "pop400.txt": 10, "dixieland1.txt": 10, "django-fakebook.txt": 10,
                  "brazilian.txt": 10, "latin.txt": 8, "country.txt": 8, "blues50.txt": 8,
                  "jazz-combo.html": 6, "volare-irealbook.txt": 1}
PLAYS_THROUGH = 0.995

# How many songs per playlist pyRealParser's chords are compared with Backline's, bar for bar.
COMPARED_PER_PLAYLIST = 12

METERS = ["3/4", "6/8", "12/8", "2/2", "2/4", "5/4", "7/8"]


def backline_run(backline, *args, timeout=120):
    return subprocess.run([backline, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


# --------------------------------------------------------------------------------------------
# The playlists as the outside readers see them


def link_of(path):
    """The iReal Pro link a playlist file holds (a bare link, or the first in an HTML page)."""
    found = re.search(r'irealb(?:ook)?://[^"\s<>]+', path.read_text(encoding="utf-8"))
    assert found, f"{path.name} holds no iReal Pro link"
    return found.group(0)


def song_fields(link):
    """Each song of a link, as its '='-separated fields: the link split on '===' (iReal's song
    separator), the playlist's name (the one part without an '=') left out."""
    body = urllib.parse.unquote(link).split("://", 1)[1]
    return [part.split("=") for part in body.split("===") if "=" in part]


def title_key(title):
    """A title as both sides may write it: iReal files "Boy Named Sue, A" under B and a reader may
    put the article back in front; letter case and runs of spaces aside."""
    title = " ".join(title.split())
    article = re.match(r"(.*?) ?, (the|a|an)$", title, re.IGNORECASE)
    if article:
        title = f"{article.group(2)} {article.group(1)}"
    return title.casefold()


def pyrealparser_tunes(link):
    """pyRealParser's reading of a link: the tunes it reads, and how many songs it met (it prints
    "Could not import song ..." for each one it cannot read, and drops it; the playlist's name,
    the part after the last '===', is such a "song" too and is not counted)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        tunes = Tune.parse_ireal_url(link)
    unread = [line for line in printed.getvalue().splitlines()
              if line.startswith("Could not import song ") and "=" in line]
    return tunes, len(tunes) + len(unread)


def songs_in(link):
    """How many songs a link holds, as pyRealParser counts them; where it cannot read the whole
    link, by splitting on '===' ourselves. It reads a link only up to its first '"' (a quote in a
    song's text, as in Pop 400 and Brendan's Rep), and not at all in the irealbook:// form. Where
    it reads the whole link, its count and the split's must agree, or the judge is wrong."""
    split = len(song_fields(link))
    if link.startswith("irealb://") and '"' not in urllib.parse.unquote(link):
        _, counted = pyrealparser_tunes(link)
        assert counted == split, f"pyRealParser met {counted} songs and the '===' split {split}: the judge is wrong"
    return split


_imports = {}


def imported(backline, path):
    """`backline chart import PATH --json`, run once per playlist for all the tests that read it:
    (exit code, songs or None, skipped lines, stderr)."""
    if path not in _imports:
        result = backline_run(backline, "chart", "import", str(path), "--json")
        songs = None
        if result.returncode == 0:
            try:
                songs = json.loads(result.stdout)
            except ValueError:
                songs = None
        skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
        _imports[path] = (result.returncode, songs, skipped, result.stderr)
    return _imports[path]


def left_out_titles(link, songs):
    """The titles of the link's songs that are not among the imported ones (as a multiset)."""
    wanted = collections.Counter(title_key(fields[0]) for fields in song_fields(link))
    wanted.subtract(collections.Counter(title_key(song["title"]) for song in songs))
    assert all(count >= 0 for count in wanted.values()), \
        f"imported titles that are not in the link: {[t for t, c in wanted.items() if c < 0]}"
    return [title for title, count in wanted.items() for _ in range(count)]


def lines_name(lines, titles):
    """Whether each title is held by a line of its own (longest titles matched first, so that
    'Sing' does not take the line of 'Sing Sing Sing')."""
    free = [" ".join(line.split()).casefold() for line in lines]
    for title in sorted(titles, key=len, reverse=True):
        plain = title.casefold()
        article = re.match(r"(the|a|an) (.*)$", plain)
        spellings = [plain] + ([f"{article.group(2)}, {article.group(1)}"] if article else [])
        match = next((i for i, line in enumerate(free) if any(s in line for s in spellings)), None)
        if match is None:
            return False, title
        free.pop(match)
    return True, None


# --------------------------------------------------------------------------------------------
# a. Every playlist imports whole


@pytest.mark.parametrize("path", PLAYLISTS, ids=lambda p: p.name)
def test_every_real_playlist_imports_whole_and_names_what_it_skips(backline, path):
    link = link_of(path)
    expected = songs_in(link)
    code, songs, skipped, stderr = imported(backline, path)
    assert code == 0, f"chart import refused the playlist:\n{stderr[-2000:]}"
    assert isinstance(songs, list) and all(isinstance(s, dict) and s.get("title") for s in songs), "stdout is a JSON list of songs"
    left_out = left_out_titles(link, songs)
    unaccounted = [title for title in left_out if not lines_name(skipped, [title])[0]]
    assert len(songs) + len(skipped) == expected, \
        f"{len(songs)} songs imported and {len(skipped)} skipped, of the {expected} in {path.name}; " \
        f"neither imported nor named as skipped: {unaccounted[:10]}"
    named, missing = lines_name(skipped, left_out)
    assert named, f"no 'skipped: ' line names '{missing}', which was not imported"


@pytest.fixture(scope="module")
def server(backline, tmp_path_factory):
    # Jazz 1460 is a 650 kB link: give its reading more than the default 2 s a debug build may need.
    running = Server(backline, tmp_path_factory.mktemp("real-charts-server"), extra=("--request-deadline", "60"))
    yield running
    running.stop()


def test_the_server_imports_every_real_playlist_whole_and_lists_what_it_skips(server):
    for path in PLAYLISTS:
        link = link_of(path)
        fields = song_fields(link)
        status, body = server.json("POST", "/charts/ireal", {"url": link})
        assert status == 200, (path.name, body)
        songs, skipped = body.get("songs"), body.get("skipped")
        assert isinstance(songs, list) and isinstance(skipped, list), (path.name, list(body))
        assert len(songs) + len(skipped) == len(fields), (path.name, len(songs), len(skipped), len(fields))
        for entry in skipped:
            assert set(entry) >= {"song", "index", "bar", "symbol", "reason"}, (path.name, entry)
            assert isinstance(entry["song"], str) and isinstance(entry["reason"], str) and entry["reason"], (path.name, entry)
            assert isinstance(entry["index"], int) and 1 <= entry["index"] <= len(fields), (path.name, entry)
            assert entry["bar"] is None or (isinstance(entry["bar"], int) and not isinstance(entry["bar"], bool)), (path.name, entry)
            assert entry["symbol"] is None or isinstance(entry["symbol"], str), (path.name, entry)
            # index counts the link's songs from 1, the playlist's name not among them
            assert title_key(entry["song"]) == title_key(fields[entry["index"] - 1][0]), (path.name, entry)
        assert len({entry["index"] for entry in skipped}) == len(skipped), (path.name, "a song skipped twice")
        assert sorted(left_out_titles(link, songs)) == sorted(title_key(entry["song"]) for entry in skipped), path.name


# --------------------------------------------------------------------------------------------
# b. The songs play, in the chart's meters and bars


def meter_ticks(text, ticks_per_beat):
    numerator, denominator = (int(x) for x in text.split("/"))
    return ticks_per_beat * 4 * numerator // denominator


def chart_signatures(song, ticks_per_beat):
    """The time signatures a song's MIDI file should hold, as (tick, "n/d"), and its length in
    ticks: the song's meter at bar 0 and one change at each of its meter_changes bars (from 0)."""
    changes = {change["bar"]: change["meter"] for change in song["meter_changes"]}
    expected, now, current = [(0, song["meter"])], 0, song["meter"]
    for bar in range(len(song["bars"])):
        if bar in changes:
            current = changes[bar]
            expected.append((now, current))
        now += meter_ticks(current, ticks_per_beat)
    return expected, now


def midi_signatures(midi):
    now, found = 0, []
    for message in midi.tracks[0]:
        now += message.time
        if message.type == "time_signature":
            found.append((now, f"{message.numerator}/{message.denominator}"))
    return found


def plays_as_charted(backline, path, song, out):
    """None when `generate --ireal PATH --song TITLE` writes the song as charted, else what went wrong."""
    result = backline_run(backline, "generate", "--ireal", str(path), "--song", song["title"], "--out", str(out),
                          "--seed", "1", "--name", "song")
    if result.returncode != 0:
        return f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
    try:
        midi = mido.MidiFile(out / "song_full.mid")
    except (OSError, ValueError, EOFError) as error:
        return f"mido cannot read song_full.mid: {error}"
    expected, length = chart_signatures(song, midi.ticks_per_beat)
    found = midi_signatures(midi)
    if found != expected:
        return f"time signatures {found[:6]}, the chart's {expected[:6]}"
    end = max(sum(message.time for message in track) for track in midi.tracks)
    if end != length:
        return f"{end} ticks long, the chart's {len(song['bars'])} bars are {length}"
    return None


def sample(songs, share):
    """Every Nth song, N = ceil(len / share), passing over titles the playlist holds twice (--song
    could not tell them apart)."""
    counts = collections.Counter(title_key(song["title"]) for song in songs)
    step = max(1, math.ceil(len(songs) / share))
    picked = []
    for start in range(0, len(songs), step):
        for song in songs[start:start + step]:
            if counts[title_key(song["title"])] == 1:
                picked.append(song)
                break
    return picked


@pytest.mark.parametrize("path", [p for p in PLAYLISTS if p.name not in FORM_ONLY_SETLISTS], ids=lambda p: p.name)
def test_real_songs_play_with_the_charts_meters_and_bars(backline, path, tmp_path):
    link = link_of(path)
    total = songs_in(link)
    code, songs, skipped, stderr = imported(backline, path)
    assert code == 0 and songs is not None, f"chart import refused the playlist:\n{stderr[-2000:]}"
    # The songs the import leaves out do not play: at most 0.5% of the playlist.
    assert total - len(songs) <= (1 - PLAYS_THROUGH) * total, \
        f"{total - len(songs)} of {total} songs left out:\n" + "\n".join(skipped[:20])
    # Of the sampled songs, fewer than 0.5% may fail: with samples under 200 songs, none.
    picked = sample(songs, GENERATE_SHARE[path.name])
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        outcomes = list(pool.map(lambda item: plays_as_charted(backline, path, item[1], tmp_path / str(item[0])), enumerate(picked)))
    failed = [f"{song['title']}: {outcome}" for song, outcome in zip(picked, outcomes) if outcome]
    assert len(failed) <= math.floor((1 - PLAYS_THROUGH) * len(picked)), \
        f"{len(failed)} of {len(picked)} sampled songs of {path.name} did not play as charted:\n" + "\n".join(failed)


# --------------------------------------------------------------------------------------------
# c. pyRealParser's chords, bar for bar


def pyrealparser_chords(tune):
    """A tune's bars as pyRealParser reads them, each chord in Backline's spelling (the judge's
    QUALITIES table from test_charts), repeats within a bar merged; None when a chord's quality is
    one the table does not translate (the song is then not compared)."""
    # pyRealParser writes out a repeat without a barline after it, so that a bar right after a
    # closing brace ("B }*CF#-") runs into the repeat's last bar: a barline after each brace (which
    # iReal's '}' is anyway) keeps them apart.
    bars = []
    for measure in Tune._get_measures(tune.chord_string.replace("}", "} |")):
        chords = []
        for root, quality, bass in re.findall(r"([A-G][b#]?|n)([^A-G/n]*)(/[A-G][b#]?)?", measure):
            if root == "n":
                chord = "N.C."
            elif quality in QUALITIES:
                chord = root + QUALITIES[quality] + bass
            else:
                return None
            if not chords or chords[-1] != chord:
                chords.append(chord)
        bars.append(chords)
    return bars


def plainly_charted(tune):
    """A song pyRealParser reads as written, which it does not do for every chart: one with a
    segno or coda (it plays out only the plainest D.S./D.C. al Coda), text (D.C., Fine and the
    like: it drops them where Backline plays them out), alternate chords in parentheses, a slash
    chord without a root (W), an END mark (U, which it glues to a bar repeat), a two-bar repeat (r,
    which it counts as one bar where it follows a bar repeat), or 1st and 2nd endings anywhere but
    in a song's one repeat (it writes out only the first repeat's endings) is not compared."""
    chords = tune.chord_string
    if re.search(r"[SQWU<(r]", chords):
        return False
    if re.search(r"N\d", chords):
        return chords.count("{") == chords.count("}") == 1 and chords.count("N1") == chords.count("N2") == 1 \
            and not re.search(r"N[3-9]", chords)
    return True


@pytest.mark.parametrize("path", [p for p in PLAYLISTS if link_of(p).startswith("irealb://") and p.name not in FORM_ONLY_SETLISTS],
                         ids=lambda p: p.name)
def test_pyrealparser_and_backline_read_the_same_chords_bar_for_bar(backline, path):
    link = link_of(path)
    tunes, _ = pyrealparser_tunes(link)
    code, songs, _, stderr = imported(backline, path)
    assert code == 0 and songs is not None, f"chart import refused the playlist:\n{stderr[-2000:]}"
    by_title = collections.defaultdict(list)
    for song in songs:
        by_title[title_key(song["title"])].append(song)
    readable = []
    for tune in tunes:
        bars = pyrealparser_chords(tune) if plainly_charted(tune) else None
        if bars and len(by_title[title_key(tune.title)]) == 1:
            readable.append((tune.title, bars))
    assert readable, f"no song of {path.name} is one the judge reads plainly"
    step = max(1, math.ceil(len(readable) / COMPARED_PER_PLAYLIST))
    disagree = []
    for title, bars in readable[::step]:
        read = [merged(bar) for bar in by_title[title_key(title)][0]["bars"]]
        if read != bars:
            first = next((i for i, (a, b) in enumerate(zip(read, bars)) if a != b), min(len(read), len(bars)))
            disagree.append(f"{title}: from bar {first + 1}, Backline {read[first:first + 3]}, pyRealParser {bars[first:first + 3]}"
                            f" ({len(read)} and {len(bars)} bars)")
    assert not disagree, "\n".join(disagree)


# --------------------------------------------------------------------------------------------
# d. MusicXML lead sheets in their meters


def meters_by_bar(source):
    """music21's meter for each measure of a MusicXML file's first part (path or bytes), as
    "numerator/denominator": a meter written with its beat groups (<beats>3+3</beats>, which
    music21 calls 3/4+3/4) is the same meter as 6/4."""
    if isinstance(source, pathlib.Path):
        score = converter.parse(source, format="musicxml")
    else:
        score = converter.parseData(source, format="musicxml")
    found = []
    for measure in score.parts[0].getElementsByClass(stream.Measure):
        signature = measure.timeSignature or measure.getContextByClass(meter.TimeSignature)
        found.append(f"{signature.numerator}/{signature.denominator}" if signature else None)
    return found


@pytest.mark.parametrize("genre", [None, "jazz"], ids=["own-genre", "jazz"])
@pytest.mark.parametrize("path", LEAD_SHEETS, ids=lambda p: p.name)
def test_a_real_lead_sheet_plays_and_exports_in_its_meter(backline, path, genre, tmp_path):
    source = meters_by_bar(path)
    assert source and None not in source, f"music21 reads no meter in {path.name}"
    args = ["generate", "--chart", str(path), "--musicxml", "--out", str(tmp_path), "--seed", "1", "--name", "song"]
    result = backline_run(backline, *args, *(["--genre", genre] if genre else []))
    assert result.returncode == 0, result.stderr
    exported = meters_by_bar((tmp_path / "song.musicxml").read_bytes())
    assert exported, "music21 reads no measure in the export"
    assert set(exported) == set(source), f"the export's meters {sorted(set(exported), key=str)}, the lead sheet's {sorted(set(source))}"
    if len(exported) == len(source):
        assert exported == source, "a bar's meter differs from the lead sheet's"
    # The MIDI file says the same.
    midi = mido.MidiFile(tmp_path / "song_full.mid")
    assert {signature for _, signature in midi_signatures(midi)} == set(source)


# --------------------------------------------------------------------------------------------
# e. A genre in a meter of the musician's choosing


def beat_ticks(numerator, denominator, ticks_per_beat):
    """One beat: a dotted quarter in compound meters (6/8, 9/8, 12/8), else the denominator's note."""
    unit = ticks_per_beat * 4 // denominator
    return unit * 3 if denominator == 8 and numerator % 3 == 0 and numerator > 3 else unit


@pytest.mark.parametrize("signature", METERS)
def test_jazz_plays_in_the_meter_asked_for(backline, signature, tmp_path):
    result = backline_run(backline, "generate", "--genre", "jazz", "--meter", signature, "--key", "F",
                          "--seed", "1", "--out", str(tmp_path), "--name", "song")
    assert result.returncode == 0, result.stderr
    midi = mido.MidiFile(tmp_path / "song_full.mid")
    assert [s for _, s in midi_signatures(midi)] == [signature]
    numerator, denominator = (int(x) for x in signature.split("/"))
    tpb = midi.ticks_per_beat
    bar = tpb * 4 * numerator // denominator
    end = max(sum(message.time for message in track) for track in midi.tracks)
    assert end > 0 and end % bar == 0, f"{end} ticks is not a whole number of {signature} bars ({bar} ticks each)"
    bars = end // bar
    notes = notes_of_song(midi)
    assert notes, "no notes"
    early = tpb // 8  # a note played a little ahead of its beat (swing, a push) belongs to that beat
    downbeats = {(start + early) // bar for _, _, _, start, _ in notes if (start + early) % bar <= 2 * early}
    assert not [b + 1 for b in range(bars) if b not in downbeats], \
        "bars without a note on their downbeat: the groove does not go round in the meter"
    assert max(stop - start for _, _, _, start, stop in notes) <= bar, "a note longer than a bar"
    assert max(stop for _, _, _, _, stop in notes) <= end, "a note sounds past the last bar"
    last = beat_ticks(numerator, denominator, tpb)
    assert any((start + early) % bar >= bar - last for _, _, _, start, _ in notes), \
        f"no note on the last beat of any bar: the bars are not filled to {signature}"


def test_jazz_says_which_meters_it_writes_and_which_it_derives(server):
    status, genre = server.json("GET", "/genres/jazz")
    assert status == 200, genre
    meters = genre.get("meters")
    assert isinstance(meters, dict) and set(meters) >= {"written", "derived"}, f"meters: {meters!r}"
    written, derived = meters["written"], meters["derived"]
    for name, listed in [("written", written), ("derived", derived)]:
        assert isinstance(listed, list) and all(isinstance(m, str) and re.fullmatch(r"\d+/\d+", m) for m in listed), (name, listed)
        assert len(set(listed)) == len(listed), (name, listed)
    assert "4/4" in written, written
    assert not set(written) & set(derived), "a meter both written and derived"
    assert set(METERS) <= set(written) | set(derived), \
        f"meters generate plays but the genre does not list: {set(METERS) - set(written) - set(derived)}"


# --------------------------------------------------------------------------------------------
# f. --strict keeps the refusal


def with_unreadable_song(link, position, title="Unreadable Tune"):
    """A real playlist with a song whose second bar holds a chord no one reads, put in at position
    (from 1); the link's other songs and its name are left as they are."""
    body = urllib.parse.unquote(link).split("://", 1)[1]
    parts = body.split("===")
    broken = f"{title}=Doe John==Medium Swing=C==1r34LbKcu7[T44C |Hx7 Z==0=0"
    parts.insert(position - 1, broken)
    return "irealb://" + urllib.parse.quote("===".join(parts), safe="")


def test_strict_import_refuses_a_playlist_with_an_unreadable_song(backline, tmp_path, server):
    real = link_of(CHARTS / "ireal" / "jazz-combo.html")
    playlist = tmp_path / "combo-and-one-more.txt"
    playlist.write_text(with_unreadable_song(real, 3))

    strict = backline_run(backline, "chart", "import", "--strict", str(playlist), "--json")
    assert strict.returncode == 1, strict.stdout[-500:] + strict.stderr
    assert "Unreadable Tune" in strict.stderr and "bar 2" in strict.stderr, strict.stderr

    # Without --strict the playlist comes in whole: the song read as well as it can be, or skipped
    # and named (which of the two is the reader's choice).
    lenient = backline_run(backline, "chart", "import", str(playlist), "--json")
    assert lenient.returncode == 0, lenient.stderr
    titles = [song["title"] for song in json.loads(lenient.stdout)]
    skipped = [line for line in lenient.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(titles) + len(skipped) == 7, (titles, skipped)
    assert ("Unreadable Tune" in titles) != any("Unreadable Tune" in line for line in skipped), (titles, skipped)

    status, body = server.json("POST", "/charts/ireal", {"url": playlist.read_text()})
    assert status == 200, body
    assert len(body["songs"]) + len(body["skipped"]) == 7
    for entry in body["skipped"]:
        assert (entry["song"], entry["index"], entry["symbol"]) == ("Unreadable Tune", 3, "Hx7"), entry


def test_strict_import_refuses_a_real_playlist_naming_the_song_and_bar(backline):
    """Jazz 1460 holds charts no reader can read whole (Martha's Prize opens with '*-^*', which is
    no rehearsal mark): --strict refuses it, naming a song of the playlist and a bar."""
    path = CHARTS / "ireal" / "jazz1460.txt"
    strict = backline_run(backline, "chart", "import", "--strict", str(path), "--json")
    assert strict.returncode == 1, strict.stderr[-500:]
    named = re.search(r"song (\d+) \((.+?)\), bar (\d+)", strict.stderr)
    assert named, strict.stderr
    fields = song_fields(link_of(path))
    assert title_key(fields[int(named.group(1)) - 1][0]) == title_key(named.group(2)), strict.stderr
