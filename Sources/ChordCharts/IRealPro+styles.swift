import Foundation

extension IRealPro {
    /// iReal Pro styles and the Backline genre that plays each, as data for documents and tests.
    ///
    /// The rows hold iReal's chart styles (`Medium Swing`, `Bossa Nova`, `Even 8ths`) and the
    /// names of its grooves, which a link writes with their family in front (`Jazz-Up Tempo Swing`,
    /// `Latin-Brazil: Samba`, `Pop-Reggae`); ``genre(forStyle:)`` reads those by the name after the
    /// family (and after a country, `Brazil: `), and otherwise by ``styleFamilies``. Letter case,
    /// spaces and accents do not matter.
    public static let styleTable: [(style: String, genre: String)] = [
        // Jazz: the swing feels by tempo; ballads and slow swing as jazz, waltzes as jazz_waltz.
        ("Swing", "swing"),
        ("Medium Swing", "swing"),
        ("Medium Up Swing", "swing"),
        ("Medium Up Swing 2", "swing"),
        ("Up Tempo Swing", "bebop"),
        ("Up Tempo Swing 2", "bebop"),
        ("Double Time Swing", "bebop"),
        ("Bebop", "bebop"),
        ("Hard Bop", "bebop"),
        ("Slow Swing", "jazz"),
        ("Ballad", "jazz"),
        ("Ballad Swing", "jazz"),
        ("Ballad Even", "jazz"),
        ("Ballad Melodic", "jazz"),
        ("Ballad Double Time Feel", "jazz"),
        ("Waltz", "jazz_waltz"),
        ("Jazz Waltz", "jazz_waltz"),
        ("Blue Note", "jazz"),
        ("Guitar Trio", "jazz"),
        ("Long Notes", "jazz"),
        ("Swing Two/Four", "swing"),
        ("Gypsy Jazz", "swing"),
        ("Doo Doo Cats", "swing"),
        ("New Orleans Swing", "swing"),
        ("Trad Jazz", "swing"),
        ("Second Line", "second_line"),
        // Blues.
        ("Blues", "blues"),
        ("Slow Blues", "blues"),
        ("Shuffle", "shuffle"),
        // Straight eighths and sixteenths.
        ("Even 8ths", "pop"),
        ("Even 8ths Open", "pop"),
        ("Even 16ths", "funk"),
        // Latin.
        ("Latin", "latin"),
        ("Latin/Swing", "latin"),
        ("Afro", "latin"),
        ("Afro 12/8", "latin"),
        ("Afro Cuban", "latin"),
        ("Afoxe", "latin"),
        ("Baiao", "latin"),
        ("Samba", "samba"),
        ("Samba Funk", "samba"),
        ("Chacarera", "latin"),
        ("Tango", "tango"),
        ("Bolero", "latin"),
        ("Cha Cha Cha", "latin"),
        ("Son Montuno 2-3", "salsa"),
        ("Son Montuno 3-2", "salsa"),
        ("Mambo", "salsa"),
        ("Salsa", "salsa"),
        ("Rumba", "latin"),
        ("Calypso", "latin"),
        ("Bossa Nova", "bossa_nova"),
        ("Bossa", "bossa_nova"),
        ("Slow Bossa", "bossa_nova"),
        ("Bossa Acoustic", "bossa_nova"),
        ("Bossa Electric", "bossa_nova"),
        // Rock and pop.
        ("Rock", "classic_rock"),
        ("Slow Rock", "classic_rock"),
        ("Rock 12/8", "classic_rock"),
        ("Rock Ballad", "classic_rock"),
        ("Hard Rock", "hard_rock"),
        ("Punk", "punk"),
        ("Metal", "metal"),
        ("Heavy Metal", "metal"),
        ("Pop", "pop"),
        ("Pop Ballad", "pop"),
        ("Rock Pop", "pop"),
        // Funk, soul, R&B.
        ("Funk", "funk"),
        ("Motown", "motown"),
        ("Glam Funk", "funk"),
        ("Virtual Funk", "funk"),
        ("Disco", "disco"),
        ("Soul", "soul"),
        ("RnB", "rnb"),
        ("R&B", "rnb"),
        ("Smooth", "rnb"),
        ("Gospel", "gospel"),
        // Others.
        ("Reggae", "reggae"),
        ("Ska", "ska"),
        ("Country", "country"),
        ("Bluegrass", "bluegrass"),
        ("Folk", "folk"),
        ("Hip Hop", "hip_hop"),
        ("House", "house"),
        ("Electronic", "electronic"),
        ("Ambient", "ambient"),
    ]

    /// The genre of a groove family that names a groove the table does not list:
    /// `Jazz-…` → jazz, `Pop-…` → pop, `Latin-…` → latin.
    public static let styleFamilies: [(prefix: String, genre: String)] = [
        ("Jazz-", "jazz"), ("Pop-", "pop"), ("Latin-", "latin"),
    ]

    /// The Backline genre that plays an iReal style or groove (`Medium Swing` → swing,
    /// `Jazz-Up Tempo Swing` → bebop, `Latin-Brazil: Samba` → latin); nil when neither
    /// ``styleTable`` nor ``styleFamilies`` knows it.
    public static func genre(forStyle style: String) -> String? {
        let name = normalized(style)
        if let genre = genresByStyle[name] ?? genresByStyle[afterCountry(name)] { return genre }
        for (prefix, genre) in styleFamilies where name.hasPrefix(normalized(prefix)) {
            let groove = String(name.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            return genresByStyle[groove] ?? genresByStyle[afterCountry(groove)] ?? genre
        }
        return nil
    }

    private static let genresByStyle: [String: String] = Dictionary(
        styleTable.map { (normalized($0.style), $0.genre) }, uniquingKeysWith: { first, _ in first })

    /// Lower case, accents off, single spaces: "Baião" and "baiao" are one style.
    private static func normalized(_ style: String) -> String {
        style.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(separator: " ").joined(separator: " ")
    }

    /// `brazil: samba` → `samba`: iReal's Latin grooves name their country first.
    private static func afterCountry(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }
}

extension IRealPro {
    /// The tempo a style's name gives, as people name their own styles: `120BPM Pop`, `Ballad 72 bpm`.
    /// Nil when the name gives none, or a tempo no one plays (under 20 or over 400).
    public static func tempo(fromStyle style: String) -> Int? {
        let scalars = Array(style.lowercased().unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard ("0"..."9").contains(scalars[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
            let digits = string(scalars[start..<index])
            var after = index
            while after < scalars.count, scalars[after] == " " { after += 1 }
            let unit = string(scalars[after..<min(after + 3, scalars.count)])
            let endsWord = after + 3 >= scalars.count || !CharacterSet.letters.contains(scalars[after + 3])
            if unit == "bpm", endsWord, digits.count <= 3, let tempo = Int(digits), (20...400).contains(tempo) {
                return tempo
            }
        }
        return nil
    }
}
