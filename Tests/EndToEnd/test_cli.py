"""The `backline` command line as a user drives it, with the files read by mido (not Backline's code)."""
import os
import re
import time
import shutil
import subprocess

import mido

CONTRACT_GENRES = {"classic_rock", "blues", "pop", "folk", "country", "punk", "hard_rock", "jazz", "funk", "reggae", "soul",
                   "rnb", "metal", "hip_hop", "latin", "bossa_nova", "electronic", "house", "ambient", "gospel", "swing", "bebop"}
GENRES = CONTRACT_GENRES | {"ska", "disco", "motown", "second_line", "samba", "afrobeat", "cumbia", "salsa", "jazz_waltz", "shuffle",
                            "bluegrass", "drum_and_bass", "trap", "lofi", "indie_rock", "grunge", "tango", "soul_ballad", "jazz_5_4",
                            "balkan_7_8"}


def bars_in(stdout):
    """Total bars from the printed arrangement's first line."""
    return int(re.search(r"(\d+) bars", stdout.splitlines()[0]).group(1))


def notes_of(track):
    """(channel, pitch, start, end) of each note, pairing note-ons with note-offs."""
    now, sounding, notes = 0, {}, []
    for message in track:
        now += message.time
        if message.type == "note_on" and message.velocity:
            sounding.setdefault((message.channel, message.note), []).append(now)
        elif message.type in ("note_on", "note_off"):
            start = sounding[(message.channel, message.note)].pop(0)
            notes.append((message.channel, message.note, start, now))
    assert not any(sounding.values()), "a note-on without its note-off"
    return notes


def test_generate_writes_files_a_midi_reader_accepts(run, tmp_path):
    result = run("generate", "--genre", "blues", "--key", "A", "--mode", "minor", "--tempo", "110",
                 "--sections", "4", "--with-keys", "--seed", "5", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"blues_A_minor_{part}.mid" for part in ["drums", "bass", "guitar", "keys", "full"])
    for name in names:
        assert str(tmp_path / name) in result.stdout
    bars = bars_in(result.stdout)
    assert "seed 5" in result.stdout and "verse" in result.stdout

    full = mido.MidiFile(tmp_path / "blues_A_minor_full.mid")
    assert full.type == 1 and full.ticks_per_beat == 480
    assert len(full.tracks) == 5
    conductor = full.tracks[0]
    tempos = [m.tempo for m in conductor if m.type == "set_tempo"]
    assert [round(mido.tempo2bpm(t)) for t in tempos] == [110]
    signatures = [(m.numerator, m.denominator) for m in conductor if m.type == "time_signature"]
    assert signatures == [(4, 4)]
    assert [m.key for m in conductor if m.type == "key_signature"] == ["Am"]
    assert any(m.type == "track_name" and "Blues in A minor" in m.name for m in conductor)

    channels = {}
    for track in full.tracks[1:]:
        name = next(m.name for m in track if m.type == "track_name")
        programs = [m.channel for m in track if m.type == "program_change"]
        notes = notes_of(track)
        assert notes, name
        channels[name] = {n[0] for n in notes}
        assert programs == list(channels[name])
        assert max(n[3] for n in notes) <= bars * 1920
        assert sum(m.time for m in track) == bars * 1920, f"{name} does not end at the last bar"
    assert channels == {"drums": {9}, "bass": {1}, "guitar": {2}, "keys": {3}}
    assert abs(full.length - bars * 4 * 60 / 110) < 0.01

    drums = mido.MidiFile(tmp_path / "blues_A_minor_drums.mid")
    assert drums.type == 1 and len(drums.tracks) == 2


def test_same_seed_same_bytes_and_a_drawn_seed_is_printed(run, tmp_path):
    args = ["generate", "--genre", "funk", "--key", "Eb", "--mode", "dorian", "--sections", "3"]
    first = run(*args, "--seed", "99", "--out", str(tmp_path / "a"))
    second = run(*args, "--seed", "99", "--out", str(tmp_path / "b"))
    assert first.returncode == 0 and second.returncode == 0
    a = (tmp_path / "a" / "funk_Eb_dorian_full.mid").read_bytes()
    assert a == (tmp_path / "b" / "funk_Eb_dorian_full.mid").read_bytes()

    drawn = run(*args, "--out", str(tmp_path / "c"))
    seed = re.search(r"seed (\d+)", drawn.stdout).group(1)
    replay = run(*args, "--seed", seed, "--out", str(tmp_path / "d"))
    assert (tmp_path / "c" / "funk_Eb_dorian_full.mid").read_bytes() == (tmp_path / "d" / "funk_Eb_dorian_full.mid").read_bytes()


def test_genres_lists_all_42(run):
    result = run("genres")
    assert result.returncode == 0, result.stderr
    ids = {line.split()[0] for line in result.stdout.splitlines()[1:]}
    assert ids == GENRES
    assert "120-140 bpm" in result.stdout or "bpm" in result.stdout


def test_bad_input_is_one_line_that_lists_what_is_valid(run, tmp_path):
    cases = [
        (["--genre", "polka"], "available genres: afrobeat, ambient, balkan_7_8, bebop"),
        (["--key", "H"], "valid keys: C, C#, Db"),
        (["--mode", "ionian"], "valid modes: major, minor"),
        (["--tempo", "500"], "tempo 500 is outside 40–300"),
        (["--sections", "0"], "sections 0 is outside 1–64"),
        (["--seed=-3"], "seed -3 is outside"),
    ]
    for extra, expected in cases:
        result = run("generate", "--out", str(tmp_path), *extra)
        assert result.returncode != 0, extra
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, (extra, result.stderr)
        assert expected in lines[0], (extra, lines[0])
        assert "Backtrac" not in result.stderr and "Fatal" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_genre_dropped_into_a_folder_plays_without_rebuilding(run, tmp_path):
    presets = tmp_path / "my-presets"
    presets.mkdir()
    text = (pathlib_root() / "Presets" / "classic_rock.yaml").read_text()
    (presets / "garage.yaml").write_text(text.replace("id: classic_rock", "id: garage").replace("name: Classic Rock", "name: Garage"))
    listed = run("genres", "--presets", str(presets))
    assert "garage" in listed.stdout
    from_env = run("generate", "--genre", "garage", "--seed", "1", "--out", str(tmp_path / "out"), env={"BACKLINE_PRESETS": str(presets)})
    assert from_env.returncode == 0, from_env.stderr
    assert (tmp_path / "out" / "garage_C_major_full.mid").exists()


def test_presets_validate_reports_file_line_column(run, tmp_path):
    ok = run("presets", "validate", "Presets")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "broken.yaml"
    text = (pathlib_root() / "Presets" / "classic_rock.yaml").read_text()
    broken.write_text(text.replace("voicing: power", "voicing: powr"))
    result = run("presets", "validate", str(broken))
    assert result.returncode == 1
    line_number = next(i for i, line in enumerate(text.splitlines(), 1) if "voicing: power" in line)
    assert re.search(rf"^{re.escape(str(broken))}:{line_number}:\d+: unknown guitar voicing 'powr'", result.stdout, re.M), result.stdout


def test_presets_validate_refuses_an_alias_bomb_at_once(run, tmp_path):
    from test_server import laughs
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs("bomb"))
    started = time.monotonic()
    result = run("presets", "validate", str(bomb))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{bomb}:7:") and "expands to more than 200000 nodes" in result.stdout, result.stdout
    assert time.monotonic() - started < 60, "it stops at the bound instead of expanding a billion nodes (a generous cap, not a timing test)"


def test_the_binary_copied_alone_plays_every_genre_from_anywhere(backline, tmp_path):
    alone = tmp_path / "bin" / "backline"
    alone.parent.mkdir()
    shutil.copy(backline, alone)
    env = {key: value for key, value in os.environ.items() if key != "BACKLINE_PRESETS"}
    listed = subprocess.run([str(alone), "genres"], cwd="/", capture_output=True, text=True, timeout=60, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = listed.stdout.splitlines()[1:]
    assert len(rows) == 42 and all(row.rstrip().endswith("built-in") for row in rows), listed.stdout
    out = tmp_path / "songs"
    made = subprocess.run([str(alone), "generate", "--genre", "reggae", "--key", "G", "--seed", "3", "--out", str(out)],
                          cwd="/", capture_output=True, text=True, timeout=60, env=env)
    assert made.returncode == 0, made.stderr
    assert len(mido.MidiFile(out / "reggae_G_major_full.mid").tracks) == 4
    # A folder named explicitly that does not exist is an error; ./Presets missing is not.
    missing = subprocess.run([str(alone), "genres", "--presets", str(tmp_path / "nope")], cwd="/", capture_output=True, text=True,
                             timeout=60, env=env)
    assert missing.returncode == 1 and f"preset folder '{tmp_path / 'nope'}': no such folder" in missing.stderr


def pathlib_root():
    from conftest import ROOT
    return ROOT


def test_the_guides_worked_example_validates_and_plays(run, tmp_path):
    assert run("presets", "validate", "Docs/examples/country_waltz.yaml").returncode == 0
    result = run("generate", "--presets", "Docs/examples", "--genre", "country_waltz", "--key", "G",
                 "--sections", "6", "--seed", "3", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert bars_in(result.stdout) == 40
    song = mido.MidiFile(tmp_path / "country_waltz_G_major_full.mid")
    assert [(m.numerator, m.denominator) for m in song.tracks[0] if m.type == "time_signature"] == [(3, 4)]
    assert sum(m.time for m in song.tracks[1]) == 40 * 1440


def test_a_chord_chart_replaces_the_genres_chords(run, tmp_path):
    result = run("generate", "--genre", "jazz", "--key", "F", "--sections", "2", "--seed", "4",
                 "--progression", "ii7 | V7 | Imaj7 | %", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    verse = next(line for line in result.stdout.splitlines() if line.strip().startswith("intro"))
    assert verse.split("  ")[-1].strip() == "Gm7 | C7 | Fmaj7 | Fmaj7"
    bad = run("generate", "--progression", "Am7 | Hx7", "--out", str(tmp_path))
    assert bad.returncode == 1
    assert bad.stderr.strip() == "Error: progression, at character 7: 'Hx7' is not a chord symbol (a root C–B with # or b, a quality such as m, 7, maj7, m7b5, dim, aug, sus4, add9 or 13, and an optional /bass)"


def test_form_bars_and_loop_shape_the_song(run, tmp_path):
    """--form orders the sections, --bars sets the length, --loop ends on the way back to the top."""
    done = run("generate", "--genre", "metal", "--key", "E", "--mode", "phrygian", "--form", "verse,chorus", "--bars", "12",
               "--loop", "--seed", "4", "--out", str(tmp_path), "--name", "battle")
    assert done.returncode == 0, done.stderr
    assert bars_in(done.stdout) == 12
    assert [line.split()[0] for line in done.stdout.splitlines()[1:3]] == ["verse", "chorus"]
    song = mido.MidiFile(tmp_path / "battle_full.mid")
    ends = {sum(message.time for message in track) for track in song.tracks}
    assert ends == {12 * 4 * song.ticks_per_beat}, "every track ends on the loop point"
    for track in song.tracks[1:]:
        assert all(end <= 12 * 4 * song.ticks_per_beat for _, _, _, end in notes_of(track))
    wrong = run("generate", "--genre", "metal", "--form", "verse,chorsu", "--out", str(tmp_path))
    assert wrong.returncode != 0
    assert "metal has no section 'chorsu'; its sections are bridge, chorus, intro, outro, verse" in wrong.stderr


def test_bench_runs_and_reports_median_p99_and_rate(run):
    """A smoke test: the figures themselves are measured in Docs/PERFORMANCE.md, never asserted."""
    result = run("bench", "--presets", "Benchmarks/reference", "--genre", "reference_blues", "--key", "A",
                 "--mode", "minor", "--tempo", "110", "--sections", "4", "--with-keys", "--songs", "50", "--warmup", "5")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"[\d.]+ us/song \(p99 [\d.]+ us, \d+ songs/s; 50 songs, reference_blues A minor, 32 bars, 4 parts\)\n",
                        result.stdout), result.stdout
    assert run("bench", "--songs", "0").returncode != 0


def test_bench_parsers_times_every_chart_reader_up_to_the_body_cap(run):
    """A smoke test of the parser benchmark whose curve Docs/PERFORMANCE.md reports."""
    result = run("bench", "parsers", "--runs", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[1:] == ["16", "KiB", "64", "KiB", "256", "KiB", "1024", "KiB"], lines[0]
    readers = [line[:20].strip() for line in lines[1:]]
    assert readers == ["chord chart", "one long chord", "iReal bars", "iReal repeats", "iReal endings",
                       "MusicXML measures", "MusicXML attributes"], readers
    assert all(len(re.findall(r"\d+ us \([\d.]+/KiB\)", line)) == 4 for line in lines[1:]), result.stdout
    assert run("bench", "parsers", "--runs", "0").returncode != 0


def test_swift_package_validate_presets(tmp_path):
    """The SwiftPM command plugin checks Presets/ and names file and line in a broken copy."""
    import subprocess
    from conftest import ROOT
    ok = subprocess.run(["swift", "package", "validate-presets"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "42 presets and 1 moods file valid" in ok.stdout
    broken = tmp_path / "rock.yaml"
    text = (ROOT / "Presets" / "classic_rock.yaml").read_text()
    broken.write_text(text.replace("voicing: power", "voicing: powr"))
    failed = subprocess.run(["swift", "package", "validate-presets", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert failed.returncode != 0
    line_number = next(i for i, line in enumerate(text.splitlines(), 1) if "voicing: power" in line)
    assert f"{broken}:{line_number}:" in failed.stdout, failed.stdout + failed.stderr
