"""Audio rendered through FluidSynth is real: it sounds, it lasts the song, the kick is where the MIDI says."""
import io
import os
import re
import socket
import subprocess
import time
import wave

import mido
import numpy

from test_server import Server


def samples(data):
    """Mono float samples and the sample rate of a 16-bit WAV."""
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getsampwidth() == 2
        frames = numpy.frombuffer(audio.readframes(audio.getnframes()), dtype=numpy.int16).astype(numpy.float64)
        frames = frames.reshape(-1, audio.getnchannels()).mean(axis=1) / 32768
        return frames, audio.getframerate()


def rms(frames):
    return float(numpy.sqrt(numpy.mean(frames ** 2))) if len(frames) else 0.0


def test_generate_audio_is_not_silent_and_lasts_the_song(run, tmp_path):
    result = run("generate", "--genre", "pop", "--key", "G", "--sections", "2", "--seed", "8", "--audio", "wav",
                 "--pianoroll", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    bars = int(re.search(r"(\d+) bars", result.stdout).group(1))
    tempo = int(re.search(r"(\d+) bpm", result.stdout).group(1))
    frames, rate = samples((tmp_path / "pop_G_major_full.wav").read_bytes())
    song_seconds = bars * 4 * 60 / tempo
    seconds = len(frames) / rate
    # The last chord and cymbal ring out after the last bar (FluidR3's crash decays for about 8 s).
    assert song_seconds <= seconds <= song_seconds + 10, (seconds, song_seconds)
    playing = rms(frames[: int(song_seconds * rate)])
    assert playing > 0.01
    tail = rms(frames[int((song_seconds + 1) * rate):])
    assert tail < playing * 0.3, "after the last bar the sound should be dying away"
    svg = (tmp_path / "pop_G_major_pianoroll.svg").read_text()
    assert svg.startswith("<svg") and ">drums</text>" in svg and "<script" not in svg


def test_the_drums_stem_has_energy_at_the_kicks(backline, tmp_path):
    server = Server(backline, tmp_path)
    try:
        status, created = server.json("POST", "/sessions", {"genre": "house", "sections": 2, "seed": 4})
        assert status == 201
        assert server.json("POST", f"/sessions/{created['id']}/run")[0] == 200
        status, wav, headers = server.request("GET", f"/sessions/{created['id']}/audio?format=wav&part=drums")
        assert status == 200 and headers["Content-Type"] == "audio/wav"
        status, midi, _ = server.request("GET", f"/sessions/{created['id']}/parts/drums")
        assert status == 200
    finally:
        server.stop()

    song = mido.MidiFile(file=io.BytesIO(midi))
    tempo = next(m.tempo for m in song.tracks[0] if m.type == "set_tempo")
    now, kicks = 0, []
    for message in song.tracks[1]:
        now += message.time
        if message.type == "note_on" and message.velocity and message.note in (35, 36):
            kicks.append(mido.tick2second(now, song.ticks_per_beat, tempo))
    assert len(kicks) > 8
    frames, rate = samples(wav)
    window = int(0.03 * rate)
    louder = 0
    for onset in kicks:
        start = int(onset * rate)
        before = rms(frames[max(0, start - window): start])
        after = rms(frames[start: start + window])
        louder += after > before * 1.5
    assert louder / len(kicks) >= 0.8, f"{louder} of {len(kicks)} kicks are heard"


def fluidsynths_for(folder):
    """FluidSynth processes rendering files in `folder` (their command line names the file)."""
    found = subprocess.run(["pgrep", "-f", f"fluidsynth.*{folder}"], capture_output=True, text=True)
    return found.stdout.split()


def test_a_client_that_disconnects_stops_its_render(backline, tmp_path):
    server = Server(backline, tmp_path, extra=["--max-audio-seconds", "3600"])
    try:
        # About 400 s of music: FluidSynth needs several seconds for it.
        status, created = server.json("POST", "/sessions", {"genre": "ambient", "tempo": 60, "sections": 16, "seed": 2})
        assert status == 201
        assert server.json("POST", f"/sessions/{created['id']}/run")[0] == 200
        client = socket.create_connection(("127.0.0.1", server.port))
        client.sendall(f"GET /sessions/{created['id']}/audio HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        deadline = time.monotonic() + 10
        while not fluidsynths_for(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fluidsynths_for(tmp_path), "the render started"
        client.close()
        deadline = time.monotonic() + 3
        while fluidsynths_for(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not fluidsynths_for(tmp_path), "FluidSynth stopped when its only listener left"
        # The render's temporary files go once FluidSynth has exited (the server removes them after it
        # reaps the process, a moment later): nothing may be left behind.
        def leftovers():
            return [name for name in os.listdir(tmp_path / "audio-cache") if "ambient" in name or ".tmp-" in name]
        deadline = time.monotonic() + 3
        while leftovers() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert leftovers() == [], leftovers()
        assert server.request("GET", "/health")[0] == 200
        short = server.json("POST", "/sessions", {"genre": "punk", "sections": 1, "seed": 2})[1]
        assert server.json("POST", f"/sessions/{short['id']}/run")[0] == 200
        status, wav, _ = server.request("GET", f"/sessions/{short['id']}/audio")
        assert status == 200 and wav[:4] == b"RIFF", "the next request renders as usual"
    finally:
        server.stop()
