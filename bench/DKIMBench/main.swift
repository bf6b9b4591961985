// DKIM signing cost per message (module DKIM): RSA 2048 and Ed25519, relaxed/relaxed, on a 4 KiB message,
// against SHA-256 of the same bytes measured in the same run (the floor any signer pays).
//
//   dkim-bench [ITERATIONS] [MESSAGE_BYTES]
//
// ITERATIONS defaults to 2000, MESSAGE_BYTES to 4096. A last step signs a 1 MiB message with Ed25519 to show
// the canonicalization throughput (what large attachments cost). Build in release:
//   swift build -c release --product dkim-bench && .build/release/dkim-bench
// Prints one RESULT line per step. Benchmarks never fail on a number.
import Crypto
import DKIM
import Foundation

let arguments = CommandLine.arguments
let iterations = arguments.count > 1 ? max(1, Int(arguments[1]) ?? 2000) : 2000
let messageBytes = arguments.count > 2 ? max(512, Int(arguments[2]) ?? 4096) : 4096

/// A plain-text message of about `size` bytes: typical headers, 72-column lines with ordinary spacing.
func makeMessage(size: Int) -> [UInt8] {
    var text = """
        From: "Example Shop" <orders@example.test>\r
        To: customer@receiver.test\r
        Subject: Your order #1234 has shipped\r
        Date: Sat, 30 Nov 2024 10:00:00 +0000\r
        Message-ID: <bench.1234@example.test>\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r

        """
    let line = "Lorem ipsum dolor sit amet,  consectetur adipiscing elit, sed do eiusmod\r\n"
    while text.utf8.count + line.utf8.count <= size { text += line }
    return Array(text.utf8)
}

struct Step {
    let name: String
    let run: () throws -> Int
}

func measure(_ step: Step, iterations: Int) throws -> Double {
    var sink = 0
    for _ in 0..<max(1, iterations / 20) { sink &+= try step.run() }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations { sink &+= try step.run() }
    let elapsed = clock.now - start
    if sink == 42 { print("") }  // keep the work observable
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return seconds / Double(iterations) * 1e6
}

let message = makeMessage(size: messageBytes)
let rsaKey = try DKIMKey.generateRSA(bits: 2048)
let edKey = DKIMKey.generateEd25519()
let rsa = DKIMSigner(domain: "example.test", selector: "rsa", key: rsaKey)
let ed = DKIMSigner(domain: "example.test", selector: "ed", key: edKey)
let timestamp = Date()
print("message: \(message.count) bytes; \(iterations) iterations per step")

let steps = [
    Step(name: "sha256_baseline") { SHA256.hash(data: message).withUnsafeBytes { Int($0[0]) } },
    Step(name: "ed25519_sha256") { try ed.signatureField(for: message, timestamp: timestamp).utf8.count },
    Step(name: "rsa2048_sha256") { try rsa.signatureField(for: message, timestamp: timestamp).utf8.count },
]
var baseline = 0.0
for step in steps {
    let micros = try measure(step, iterations: iterations)
    if step.name == "sha256_baseline" { baseline = micros }
    let ratio = baseline > 0 ? micros / baseline : 1
    print("RESULT step=\(step.name) us_per_message=\(String(format: "%.2f", micros)) ratio_to_sha256=\(String(format: "%.1f", ratio))")
}

let large = makeMessage(size: 1 << 20)
let largeIterations = max(5, iterations / 100)
let largeMicros = try measure(Step(name: "ed25519_1MiB") { try ed.signatureField(for: large).utf8.count }, iterations: largeIterations)
let megabytesPerSecond = Double(large.count) / largeMicros
print("RESULT step=ed25519_1MiB us_per_message=\(String(format: "%.0f", largeMicros)) MB_per_s=\(String(format: "%.0f", megabytesPerSecond))")
