import Foundation

/// Runs ``OracleScript`` with the system `python3` (standard library only).
enum PythonOracle {
    /// Set POSTAGE_SKIP_PYTHON_ORACLE=1 to skip the oracle suites.
    static let skipRequested = ProcessInfo.processInfo.environment["POSTAGE_SKIP_PYTHON_ORACLE"] == "1"

    static var isAvailable: Bool {
        !skipRequested && run(arguments: ["-c", "import email.policy"]) != nil
    }

    /// Describes every file, in order. Nil when python3 could not run.
    static func describe(_ paths: [String]) -> [OracleMessage]? {
        guard let output = run(arguments: ["-c", OracleScript.source] + paths) else { return nil }
        let decoder = JSONDecoder()
        return output.split(separator: UInt8(ascii: "\n")).compactMap {
            try? decoder.decode(OracleMessage.self, from: Data($0))
        }
    }

    private static func run(arguments: [String]) -> [UInt8]? {
        let process = Process()
        // The system interpreter when there is one (testing-peers §7), else python3 on PATH.
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3"] + arguments
        }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}
