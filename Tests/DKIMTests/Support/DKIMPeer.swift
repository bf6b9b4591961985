import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// dkimpy, the independent verifier, run through `tests/tools/dkim_verify.py` with the repository's test
/// virtualenv (`.venv-test/bin/python`, made by `scripts/test.sh` from `tests/requirements.txt`), or the
/// interpreter named by `POSTAGE_TEST_PYTHON`.
///
/// Missing peer: the tests are skipped, unless `POSTAGE_TEST_REQUIRE_PEERS=1` (set by scripts/test.sh, so in
/// CI), which turns a missing peer into a failure.
enum DKIMPeer {
    /// `POSTAGE_TEST_PYTHON` overrides the interpreter (one that can import dkim and nacl).
    static let python: String = {
        if let path = ProcessInfo.processInfo.environment["POSTAGE_TEST_PYTHON"], !path.isEmpty { return path }
        return Fixtures.repository.appendingPathComponent(".venv-test/bin/python").path
    }()
    static let script = Fixtures.repository.appendingPathComponent("tests/tools/dkim_verify.py").path

    static var required: Bool {
        ProcessInfo.processInfo.environment["POSTAGE_TEST_REQUIRE_PEERS"] == "1"
    }

    /// True when the venv's python can import dkim and nacl.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let status = try? run(python, ["-c", "import dkim, nacl"], stdout: "/dev/null", stderr: "/dev/null")
        return status == 0
    }()

    static var shouldRun: Bool { available || required }

    struct Verdict: Decodable, Sendable {
        let index: Int
        let pass: Bool
        let error: String?
        let a: String?
        let c: String?
        let d: String?
        let s: String?
        let h: String?
    }

    struct Report: Decodable {
        struct Message: Decodable {
            let file: String
            let signatures: [Verdict]
        }
        let messages: [Message]
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
    }

    /// Verifies each message (bytes) against `records` (`NAME` → TXT value); returns each message's verdicts,
    /// topmost signature first.
    static func verify(_ messages: [(name: String, bytes: [UInt8])], records: [String: String]) async throws -> [String: [Verdict]] {
        guard available else {
            throw PeerError(description: "dkimpy is not available: \(python) cannot import dkim and nacl (run scripts/test.sh, or pip install -r tests/requirements.txt into .venv-test)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postage-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let zone = directory.appendingPathComponent("zone.txt")
        try records.map { "\($0.key) \($0.value)\n" }.joined().write(to: zone, atomically: true, encoding: .utf8)
        var paths: [String] = []
        for message in messages {
            let path = directory.appendingPathComponent(message.name + ".eml")
            try Data(message.bytes).write(to: path)
            paths.append(path.path)
        }
        let out = directory.appendingPathComponent("out.json").path
        let err = directory.appendingPathComponent("err.txt").path
        let status = try await runDetached(python, [script, "--zone", zone.path] + paths, stdout: out, stderr: err)
        guard status == 0 else {
            let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
            throw PeerError(description: "dkim_verify.py exited \(status): \(stderr)")
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        var verdicts: [String: [Verdict]] = [:]
        for (message, result) in zip(messages, report.messages) {
            verdicts[message.name] = result.signatures
        }
        return verdicts
    }

    /// Runs the process on its own thread (a blocking wait must not hold a cooperative-pool thread).
    private static func runDetached(_ path: String, _ arguments: [String], stdout: String, stderr: String) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try run(path, arguments, stdout: stdout, stderr: stderr) })
            }.start()
        }
    }

    /// posix_spawn with stdin from /dev/null and stdout/stderr to files; returns the exit status.
    private static func run(_ path: String, _ arguments: [String], stdout: String, stderr: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard rc == 0 else { throw PeerError(description: "posix_spawn \(path): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw PeerError(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED ? WEXITSTATUS : 128 + signal
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
