import Logging
import Synchronization

/// Collects log messages, to check the SMTP transcript (and that AUTH never shows in it).
final class LogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    var messages: [String] { self.storage.withLock { $0 } }

    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "test.smtp-client") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: String) {
        self.storage.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var line = "\(event.level) \(event.message)"
            let all = self.metadata.merging(event.metadata ?? [:]) { $1 }
            if !all.isEmpty { line += " \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))" }
            self.capture.append(line)
        }
    }
}
