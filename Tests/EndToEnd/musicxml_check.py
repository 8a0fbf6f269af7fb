#!/usr/bin/env python3
"""What music21 reads in a MusicXML file, as JSON: the check for Backline's MusicXML writer.

    python3 Tests/EndToEnd/musicxml_check.py song.musicxml [--bass PART_NAME]

Prints {"measures", "measureLengths", "parts", "chords", "bass"}:
- measures: how many measures the first part has; measureLengths: each measure's length in
  quarters as music21 sums its notes (equal to the time signature's when the writer is right);
- chords: per measure, each chord symbol's offset in quarters, root pitch class (null for N.C.),
  music21's figure, pitch classes, and bass pitch class;
- bass: every note of the bass part (the part named by --bass, else the first part whose name
  contains "bass", else the first part with chord symbols): measure, offset in quarters, MIDI pitch,
  length in quarters, and its tie ("start", "stop", "continue" or null), so that a note tied over a
  barline shows as its onset plus continuations.

Not a pytest test yet; it needs music21 (pip install music21).
"""

import argparse
import json
import sys

from music21 import converter, harmony, note, stream


def quarters(value):
    """Offsets and lengths as plain numbers; triplets give repeating decimals, rounded."""
    return round(float(value), 4)


def chord_entry(symbol):
    if isinstance(symbol, harmony.NoChord):
        return {"offset": quarters(symbol.offset), "root": None, "figure": "N.C.", "pitchClasses": [], "bass": None}
    root = symbol.root()
    bass = symbol.bass()
    return {
        "offset": quarters(symbol.offset),
        "root": root.pitchClass if root is not None else None,
        "figure": symbol.figure,
        "pitchClasses": sorted({p.pitchClass for p in symbol.pitches}),
        "bass": bass.pitchClass if bass is not None else None,
    }


def pick_bass(parts, name):
    if name is not None:
        for part in parts:
            if (part.partName or "") == name:
                return part
        sys.exit(f"no part named {name!r}; the parts are {[p.partName for p in parts]}")
    for part in parts:
        if "bass" in (part.partName or "").lower():
            return part
    for part in parts:
        if part.recurse().getElementsByClass(harmony.Harmony):
            return part
    return parts[0] if parts else None


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("path")
    arguments.add_argument("--bass", help="the name of the bass part")
    options = arguments.parse_args()

    score = converter.parse(options.path, format="musicxml")
    parts = list(score.parts)
    first = parts[0]
    measures = list(first.getElementsByClass(stream.Measure))

    chords = []
    chord_part = next((p for p in parts if p.recurse().getElementsByClass(harmony.Harmony)), None)
    if chord_part is not None:
        for measure in chord_part.getElementsByClass(stream.Measure):
            symbols = sorted(measure.getElementsByClass(harmony.Harmony), key=lambda s: s.offset)
            if symbols:
                chords.append({"measure": measure.number, "chords": [chord_entry(s) for s in symbols]})

    bass_notes = []
    bass_part = pick_bass(parts, options.bass)
    if bass_part is not None:
        for measure in bass_part.getElementsByClass(stream.Measure):
            for element in measure.recurse().notes:
                if isinstance(element, harmony.Harmony):
                    continue
                pitches = element.pitches if not isinstance(element, note.Unpitched) else []
                for pitch in pitches:
                    bass_notes.append({
                        "measure": measure.number,
                        "offset": quarters(element.getOffsetInHierarchy(measure)),
                        "midi": pitch.midi,
                        "quarterLength": quarters(element.quarterLength),
                        "tie": element.tie.type if element.tie is not None else None,
                    })

    print(json.dumps({
        "measures": len(measures),
        "measureLengths": [quarters(m.duration.quarterLength) for m in measures],
        "parts": [p.partName for p in parts],
        "chords": chords,
        "bass": bass_notes,
    }, indent=1))


if __name__ == "__main__":
    main()
