import NIOCore
import NIOPosix

/// A scripted SMTP server on a real loopback socket, for what the real peers cannot do on
/// demand: listen on ::1, inject bytes after STARTTLS's 220, stay silent to trigger timeouts.
/// It is the reverse of the client codec: it reads CRLF lines (and the message after 354 up to
/// the lone dot) and answers each with raw bytes from the script.
final class FakeSMTPServer: Sendable {
    enum Answer: Sendable {
        /// Write these bytes (CRLFs included; may hold several replies, or extra bytes).
        case raw(String)
        /// Say nothing.
        case silence
        /// Close the connection.
        case close
    }

    /// Called with the greeting step ("<connect>"), each command line, and "<message>" (with the
    /// message text) after the end of data.
    typealias Script = @Sendable (_ line: String, _ message: String?) -> Answer

    let channel: any Channel
    var port: Int { self.channel.localAddress!.port! }

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func start(host: String = "127.0.0.1", script: @escaping Script) async throws -> FakeSMTPServer {
        precondition(host == "127.0.0.1" || host == "::1", "loopback only")
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(script: script))
                }
            }
            .bind(host: host, port: 0)
            .get()
        return FakeSMTPServer(channel: channel)
    }

    func stop() async {
        try? await self.channel.close()
    }

    private final class ConnectionHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let script: Script
        var pending = ByteBuffer()
        var inData = false
        var message = ""

        init(script: @escaping Script) {
            self.script = script
        }

        func channelActive(context: ChannelHandlerContext) {
            self.perform(self.script("<connect>", nil), context: context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = self.unwrapInboundIn(data)
            self.pending.writeBuffer(&buffer)
            while let crlf = self.pending.readableBytesView.firstRange(of: [13, 10]) {
                let length = crlf.lowerBound - self.pending.readerIndex
                let line = self.pending.readString(length: length)!
                self.pending.moveReaderIndex(forwardBy: 2)
                if self.inData {
                    if line == "." {
                        self.inData = false
                        let message = self.message
                        self.message = ""
                        self.perform(self.script("<message>", message), context: context)
                    } else {
                        self.message += (line.hasPrefix(".") ? String(line.dropFirst()) : line) + "\r\n"
                    }
                    continue
                }
                let answer = self.script(line, nil)
                if line.uppercased() == "DATA", case .raw(let text) = answer, text.hasPrefix("354") {
                    self.inData = true
                }
                self.perform(answer, context: context)
            }
        }

        func perform(_ answer: Answer, context: ChannelHandlerContext) {
            switch answer {
            case .raw(let text):
                context.writeAndFlush(self.wrapOutboundOut(ByteBuffer(string: text)), promise: nil)
            case .silence:
                break
            case .close:
                context.close(promise: nil)
            }
        }
    }
}

/// A script for a plain server that accepts everything.
func acceptingScript(ehlo: String = "250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n") -> FakeSMTPServer.Script {
    { line, _ in
        let verb = line.prefix(4).uppercased()
        switch verb {
        case "<CON": return .raw("220 fake.test ESMTP\r\n")
        case "EHLO": return .raw(ehlo)
        case "MAIL", "RCPT", "RSET", "NOOP": return .raw("250 2.0.0 Ok\r\n")
        case "DATA": return .raw("354 go\r\n")
        case "<MES": return .raw("250 2.0.0 Ok: queued\r\n")
        case "QUIT": return .raw("221 2.0.0 Bye\r\n")
        default: return .raw("502 5.5.2 unknown\r\n")
        }
    }
}
