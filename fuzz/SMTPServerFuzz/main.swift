// Fuzz target for SMTPServerProtocol's session state machine (built by scripts/fuzz.sh, not by
// the package). With -DFUZZING it exports libFuzzer's entry point; without, it is a replay
// runner: `SMTPServerFuzz file...` runs the same function over each file (crash reproduction).
import NIOCore
import SMTPProtocol
import SMTPServerProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small limits so that the limit paths are reached by short inputs.
let fuzzConfiguration = SMTPServerConfiguration(
    hostname: "fuzz.test",
    maximumMessageSize: 2048,
    maximumRecipients: 5,
    maximumErrors: 10,
    tlsAvailable: true,
    authRequiresTLS: true,
    authRequired: false,
    maximumCommandLineLength: 128,
    maximumTextLineLength: 200,
    maximumSASLResponseLength: 256
)

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        print("invariant violated: \(message())")
        abort()
    }
}

/// Feeds `input` to a session, cut into reads whose size comes from the first byte, answering
/// every request at once, and checks the invariants after each step.
func runSession(_ input: [UInt8]) {
    var session = SMTPServerSession(configuration: fuzzConfiguration)
    let chunkSize = input.isEmpty ? 1 : Int(input[0] % 64) + 1
    let stream = input.dropFirst()
    let bound = max(fuzzConfiguration.maximumCommandLineLength, fuzzConfiguration.maximumSASLResponseLength)

    var buffer = ByteBufferAllocator().buffer(capacity: 0)
    var closed = false
    var dataOpen = false // a 354 was sent and its DATA has not ended yet
    var queue: [SMTPServerAction] = session.start()

    func perform() {
        while !queue.isEmpty {
            let action = queue.removeFirst()
            check(!closed, "action \(action) after close")
            switch action {
            case .reply(let reply):
                check((200...599).contains(reply.code), "reply code \(reply.code)")
                for line in reply.lines {
                    check(!line.utf8.contains(13) && !line.utf8.contains(10), "CR or LF inside reply text")
                }
                if dataOpen {
                    // After 354 the only reply is the one that ends DATA without a submission:
                    // too big, line too long, or a bare CR/LF.
                    check([500, 521, 552].contains(reply.code), "reply \(reply) inside DATA")
                    dataOpen = false
                } else if reply.code == 354 {
                    dataOpen = true
                }
            case .close:
                closed = true
            case .startTLS:
                queue += session.tlsEstablished()
            case .authenticate:
                queue += session.authenticationResult(false)
                queue += session.receive(&buffer)
            case .submit(let submission):
                check(dataOpen, "submit without a DATA (second submit for one DATA?)")
                dataOpen = false
                check(submission.message.count <= fuzzConfiguration.maximumMessageSize, "message over the limit")
                check(!submission.recipients.isEmpty, "submission without recipients")
                check(submission.recipients.count <= fuzzConfiguration.maximumRecipients, "too many recipients")
                // Strict CRLF: every CR is followed by LF and every LF preceded by CR.
                let message = submission.message
                for index in message.indices {
                    if message[index] == 13 { check(index + 1 < message.count && message[index + 1] == 10, "bare CR in message") }
                    if message[index] == 10 { check(index > 0 && message[index - 1] == 13, "bare LF in message") }
                }
                check(message.isEmpty || message.suffix(2) == [13, 10], "message does not end in CRLF")
                queue += session.submissionResult(.accepted(messageID: "x"))
                queue += session.receive(&buffer)
            }
        }
    }

    perform()
    var offset = stream.startIndex
    while offset < stream.endIndex {
        let end = min(offset + chunkSize, stream.endIndex)
        buffer.writeBytes(stream[offset..<end])
        offset = end
        let before = buffer.readableBytes
        queue += session.receive(&buffer)
        perform()
        if closed {
            check(session.isClosed, "closed without isClosed")
            check(session.receive(&buffer).isEmpty, "receive after close produced actions")
            return
        }
        // Bounded buffering: a reading session keeps at most one partial line.
        check(buffer.readableBytes <= bound, "\(buffer.readableBytes) bytes left unconsumed (was \(before))")
    }
    _ = session.idleTimeout()
}

#if FUZZING
import CLibFuzzer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    runSession(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// SwiftPM links an executable target's `main` to `<module>_main` (so that tests can import
/// executables); with no Swift entry point here, that symbol hands the process to libFuzzer.
@_cdecl("SMTPServerFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
}
#else
@main
struct Replay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: SMTPServerFuzz file...")
            exit(2)
        }
        for path in paths {
            guard let file = fopen(path, "rb") else {
                print("cannot open \(path)")
                exit(1)
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count <= 0 { break }
                bytes += chunk[0..<count]
            }
            fclose(file)
            runSession(bytes)
            print("ok \(path) (\(bytes.count) bytes)")
        }
    }
}
#endif
