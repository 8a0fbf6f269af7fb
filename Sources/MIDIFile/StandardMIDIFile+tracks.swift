extension StandardMIDIFile {
    /// Why a file's chunks could not be taken apart.
    public struct ChunkError: Error, Sendable, Hashable, CustomStringConvertible {
        public let offset: Int
        public let message: String
        public var description: String { "byte \(offset): \(message)" }
    }

    /// The header fields and the MTrk chunks (header and length included) of an encoded file, in
    /// order, without decoding any event.
    public static func trackChunks(of bytes: [UInt8]) throws(ChunkError) -> (format: Int, ticksPerQuarter: Int, chunks: [ArraySlice<UInt8>]) {
        func uint32(at offset: Int) -> Int {
            Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        }
        guard bytes.count >= 14, bytes[0..<4].elementsEqual([0x4D, 0x54, 0x68, 0x64]), uint32(at: 4) == 6 else {
            throw ChunkError(offset: 0, message: "not a Standard MIDI File (no MThd header)")
        }
        let format = Int(bytes[8]) << 8 | Int(bytes[9])
        let count = Int(bytes[10]) << 8 | Int(bytes[11])
        let division = Int(bytes[12]) << 8 | Int(bytes[13])
        var chunks: [ArraySlice<UInt8>] = []
        chunks.reserveCapacity(count)
        var offset = 14
        for track in 0..<count {
            guard offset + 8 <= bytes.count, bytes[offset..<offset + 4].elementsEqual([0x4D, 0x54, 0x72, 0x6B]) else {
                throw ChunkError(offset: offset, message: "track \(track) does not start with MTrk")
            }
            let end = offset + 8 + uint32(at: offset + 4)
            guard end <= bytes.count else { throw ChunkError(offset: offset, message: "track \(track) runs past the end") }
            chunks.append(bytes[offset..<end])
            offset = end
        }
        return (format, division, chunks)
    }

    /// A new file holding some tracks of `bytes`, by index, byte for byte as they are there: a
    /// part's own file is the combined file's conductor track plus that part's track.
    public static func selecting(tracks indices: [Int], of bytes: [UInt8]) throws(ChunkError) -> [UInt8] {
        let (format, division, chunks) = try trackChunks(of: bytes)
        guard let bad = indices.first(where: { !chunks.indices.contains($0) }) else {
            return assemble(format: format, ticksPerQuarter: division, chunks: indices.map { Array(chunks[$0]) })
        }
        throw ChunkError(offset: 0, message: "the file has \(chunks.count) tracks, so no track \(bad)")
    }
}
