import Foundation

extension IRealPro {
    /// iReal Pro styles and the Backline genre that plays each, as data for documents and tests.
    ///
    /// The rows hold iReal's chart styles (`Medium Swing`, `Bossa Nova`, `Even 8ths`) and the
    /// names of its grooves, which a link writes with their family in front (`Jazz-Up Tempo Swing`,
    /// `Latin-Brazil: Samba`, `Pop-Reggae`); ``genre(forStyle:)`` reads those by the name after the
    /// family (and after a country, `Brazil: `), and otherwise by ``styleFamilies``. Letter case,
    /// spaces, dashes and accents do not matter.
    ///
    /// A style picks the genre whose feel it names, whatever the tune's meter: Backline plays every
    /// genre in every meter, so a Medium Swing tune in 3/4 is `jazz` in 3/4, and only a style that
    /// names a waltz feel is `jazz_waltz`. Medium and slow swing, ballads and the trio grooves are
    /// the small-group `jazz` (ride, walking bass, comping); the up-tempo ones `bebop`; the
    /// four-to-the-bar, two-beat and New Orleans ones `swing`.
    public static let styleTable: [(style: String, genre: String)] = [
        // Jazz.
        ("Swing", "jazz"),
        ("Medium Swing", "jazz"),
        ("Medium Up Swing", "jazz"),
        ("Medium Up Swing 2", "jazz"),
        ("Slow Swing", "jazz"),
        ("Ballad", "jazz"),
        ("Ballad Swing", "jazz"),
        ("Ballad Even", "jazz"),
        ("Ballad Melodic", "jazz"),
        ("Ballad Double Time Feel", "jazz"),
        ("Blue Note", "jazz"),
        ("Guitar Trio", "jazz"),
        ("Long Notes", "jazz"),
        ("Up Tempo Swing", "bebop"),
        ("Up Tempo Swing 2", "bebop"),
        ("Double Time Swing", "bebop"),
        ("Bebop", "bebop"),
        ("Hard Bop", "bebop"),
        ("Swing Two/Four", "swing"),
        ("Gypsy Jazz", "swing"),
        ("Doo Doo Cats", "swing"),
        ("New Orleans Swing", "swing"),
        ("Trad Jazz", "swing"),
        ("Dixieland", "swing"),
        ("Waltz", "jazz_waltz"),
        ("Jazz Waltz", "jazz_waltz"),
        ("Second Line", "second_line"),
        // Blues.
        ("Blues", "blues"),
        ("Slow Blues", "blues"),
        ("Shuffle", "shuffle"),
        // Straight eighths and sixteenths.
        ("Even 8ths", "pop"),
        ("Even 8ths Open", "pop"),
        ("Even 16ths", "funk"),
        // Latin: Cuba and the Caribbean, Brazil, Argentina, Colombia.
        ("Latin", "latin"),
        ("Latin/Swing", "latin"),
        ("Latin-Swing", "latin"),
        ("Afro", "latin"),
        ("Afro 12/8", "latin"),
        ("Afro Cuban", "latin"),
        ("Afoxe", "latin"),
        ("Baiao", "latin"),
        ("Chacarera", "latin"),
        ("Bolero", "latin"),
        ("Cha Cha Cha", "latin"),
        ("Rumba", "latin"),
        ("Calypso", "latin"),
        ("Bachata", "latin"),
        ("Merengue", "latin"),
        ("Bomba", "latin"),
        ("Son Montuno", "salsa"),
        ("Son Montuno 2-3", "salsa"),
        ("Son Montuno 3-2", "salsa"),
        ("Mambo", "salsa"),
        ("Salsa", "salsa"),
        ("Cumbia", "cumbia"),
        ("Samba", "samba"),
        ("Samba Funk", "samba"),
        ("Choro", "samba"),
        ("Partido Alto", "samba"),
        ("Bossa Nova", "bossa_nova"),
        ("Bossa", "bossa_nova"),
        ("Slow Bossa", "bossa_nova"),
        ("Bossa Acoustic", "bossa_nova"),
        ("Bossa Electric", "bossa_nova"),
        ("Tango", "tango"),
        // Rock and pop. iReal's Rock 12/8 is a slow triplet ballad: soul_ballad's feel.
        ("Rock", "classic_rock"),
        ("Slow Rock", "classic_rock"),
        ("Rock Ballad", "classic_rock"),
        ("Rock 12/8", "soul_ballad"),
        ("Hard Rock", "hard_rock"),
        ("Punk", "punk"),
        ("Metal", "metal"),
        ("Heavy Metal", "metal"),
        ("Pop", "pop"),
        ("Pop Ballad", "pop"),
        ("Rock Pop", "pop"),
        ("Pop Rock", "pop"),
        // Funk, soul, R&B.
        ("Funk", "funk"),
        ("Glam Funk", "funk"),
        ("Virtual Funk", "funk"),
        ("Motown", "motown"),
        ("Disco", "disco"),
        ("Soul", "soul"),
        ("Soul Ballad", "soul_ballad"),
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

    /// Words that give the genre of a style the table does not list, as people name their own
    /// styles in iReal Pro (`Medium Blues`, `Folk Rock`, `120BPM Pop ALL`, `R'n'B`): the first word
    /// of the style, from the left, that this list holds wins. Words are letters and digits, an
    /// apostrophe inside one joining it (`R'n'B` is `rnb`).
    public static let styleWords: [(word: String, genre: String)] = [
        ("swing", "jazz"), ("jazz", "jazz"), ("ballad", "jazz"), ("bebop", "bebop"), ("bop", "bebop"),
        ("waltz", "jazz_waltz"), ("dixieland", "swing"), ("dixie", "swing"), ("gypsy", "swing"),
        ("manouche", "swing"),
        ("blues", "blues"), ("shuffle", "shuffle"),
        ("latin", "latin"), ("son", "latin"), ("cuban", "latin"), ("afro", "latin"), ("bolero", "latin"),
        ("cha", "latin"), ("rumba", "latin"), ("mambo", "salsa"), ("salsa", "salsa"), ("cumbia", "cumbia"),
        ("bossa", "bossa_nova"), ("bossanova", "bossa_nova"), ("samba", "samba"), ("tango", "tango"),
        ("reggae", "reggae"), ("ska", "ska"),
        ("rock", "classic_rock"), ("rocknroll", "classic_rock"), ("pop", "pop"), ("punk", "punk"),
        ("metal", "metal"), ("grunge", "grunge"), ("indie", "indie_rock"),
        ("funk", "funk"), ("funky", "funk"), ("disco", "disco"), ("soul", "soul"), ("rnb", "rnb"),
        ("smooth", "rnb"), ("motown", "motown"), ("gospel", "gospel"), ("hymn", "gospel"),
        ("country", "country"), ("bluegrass", "bluegrass"), ("folk", "folk"),
        ("house", "house"), ("techno", "electronic"), ("edm", "electronic"), ("electronic", "electronic"),
        ("ambient", "ambient"), ("hiphop", "hip_hop"), ("rap", "hip_hop"), ("trap", "trap"), ("lofi", "lofi"),
        ("afrobeat", "afrobeat"),
    ]

    /// The Backline genre that plays an iReal style or groove (`Medium Swing` → jazz,
    /// `Jazz-Up Tempo Swing` → bebop, `Latin-Brazil: Samba` → samba, `Folk Rock` → folk); nil when
    /// neither ``styleTable``, ``styleFamilies`` nor ``styleWords`` knows it.
    public static func genre(forStyle style: String) -> String? {
        let name = normalized(style)
        if let genre = genresByStyle[name] ?? genresByStyle[afterCountry(name)] { return genre }
        for (prefix, family) in styleFamilies where name.hasPrefix(normalized(prefix)) {
            let groove = trimmed(name.dropFirst(prefix.count))
            return genresByStyle[groove] ?? genresByStyle[afterCountry(groove)] ?? genre(byWords: groove) ?? family
        }
        return genre(byWords: name)
    }

    private static let genresByStyle: [String: String] = Dictionary(
        styleTable.map { (normalized($0.style), $0.genre) }, uniquingKeysWith: { first, _ in first })

    private static let genresByWord: [String: String] = Dictionary(
        styleWords.map { ($0.word, $0.genre) }, uniquingKeysWith: { first, _ in first })

    /// The genre of the first word of `name` that ``styleWords`` holds.
    private static func genre(byWords name: String) -> String? {
        var word = ""
        let scalars = Array(name.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                word.unicodeScalars.append(scalar)
                continue
            }
            if scalar == "'", !word.isEmpty, index + 1 < scalars.count, scalars[index + 1].properties.isAlphabetic {
                continue
            }
            if let genre = genresByWord[word] { return genre }
            word = ""
        }
        return genresByWord[word]
    }

    /// Lower case, accents off, dashes as hyphens, single spaces: "Baião" and "baiao" are one
    /// style, and so are "Son Montuno 2–3" and "son montuno 2-3".
    private static func normalized(_ style: String) -> String {
        style.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacing("\u{2013}", with: "-").replacing("\u{2014}", with: "-")
            .split(separator: " ").joined(separator: " ")
    }

    /// `brazil: samba` → `samba`: iReal's Latin grooves name their country first.
    private static func afterCountry(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return trimmed(name[name.index(after: colon)...])
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
