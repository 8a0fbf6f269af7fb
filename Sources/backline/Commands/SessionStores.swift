import BacklinePostgres
import BacklinePresets
import BacklineSQLite
import BacklineSessions
import Foundation
import Logging
import ServiceLifecycle

/// Where `serve` and `mcp` keep sessions: PostgreSQL when given a URL, else SQLite in the data
/// folder. The services are what the store needs running beside it (PostgreSQL's pool).
enum SessionStores {
    static func open(
        databaseURL: String?, dataDirectory: String, outputDirectory: String?, logger: Logger
    ) async throws -> (store: any SessionStore, services: [any Service]) {
        if let databaseURL {
            let store = try PostgresSessionStore(url: databaseURL, logger: logger)
            logger.info("sessions are kept in \(store.place)")
            return (store, store.services)
        }
        return (try await openSQLite(dataDirectory: dataDirectory, outputDirectory: outputDirectory, logger: logger), [])
    }

    /// `<data-dir>/backline.sqlite`, with the songs a file-keeping server left in `<data-dir>/output/`
    /// moved into it.
    static func openSQLite(dataDirectory: String, outputDirectory: String?, logger: Logger) async throws -> SQLiteSessionStore {
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create the data folder '\(dataDirectory)': \(fileSystemReason(error))")
        }
        let store = try SQLiteSessionStore(path: (dataDirectory as NSString).appendingPathComponent("backline.sqlite"))
        let legacy = (dataDirectory as NSString).appendingPathComponent("output")
        let keep = outputDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL == URL(fileURLWithPath: legacy).standardizedFileURL } ?? false
        let report = try await store.importLegacyFiles(from: legacy, keepFiles: keep)
        if report.imported > 0 {
            logger.notice("moved the files of \(report.imported) completed session(s) from \(legacy) into the database")
        }
        if report.missing > 0 {
            logger.error("\(report.missing) completed session(s) had no files in \(legacy); they are marked failed")
        }
        for file in report.mismatched {
            logger.error("\(file) differs from the part derived from its combined file; it was left in place")
        }
        return store
    }

    /// The operating system's words for a failed file operation ("Permission denied"), rather than
    /// Foundation's nested error dump.
    static func fileSystemReason(_ error: any Error) -> String {
        let error = error as NSError
        if let posix = error.userInfo[NSUnderlyingErrorKey] as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        return error.localizedDescription
    }

}

enum CommandLogging {
    /// Logs to standard error (standard output is the command's own: a report, or MCP's protocol).
    static func bootstrap(label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}

extension CLIError {
    /// A failure of a long-running command as one line: the problems a user can fix are said as
    /// they are; anything else is prefixed with what was being done.
    init(_ error: any Error, whileTo action: String) {
        switch error {
        case let error as CLIError: self = error
        case let error as DatabaseURLError: self.init("\(error)")
        case let error as PresetDirectoryError: self.init("\(error)")
        default: self.init("cannot \(action): \(error)")
        }
    }
}
