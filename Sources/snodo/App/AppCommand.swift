import Foundation
import SnodoCommandLine
import SnodoModel
import SnodoServer
import SnodoWeb
import SnodoStore

/// `snodo app`: the field app, served by this binary on loopback, in the browser. Every page,
/// style and form is inside the binary; nothing is fetched from elsewhere, and it works with no
/// network at all.
enum AppCommand {
    static let spec = CommandSpec(
        path: "snodo app", usage: "snodo app [--listen 127.0.0.1:PORT] [--no-open]",
        summary: tr("apre l'app di Snodo nel browser, su questo portatile", en: "open Snodo's app in the browser, on this laptop"),
        valueOptions: ["listen"], flags: ["no-open"],
        details: [
            tr(
                "Risponde solo su 127.0.0.1, con una chiave nuova a ogni avvio: l'indirizzo stampato la contiene. Ctrl-C la chiude.",
                en: "It answers only on 127.0.0.1, with a new key at each launch: the printed address holds it. Ctrl-C closes it.")
        ])

    static let command = Command(spec: spec) { arguments, context in
        let store = try context.openStoreForReading()
        let port = try listenPort(arguments.value("listen"))
        var options = HTTPServer.Options()
        // One request at a time: the pages share the laptop's store file, as a person works.
        options.workers = 1
        options.connectionsPerPeerMax = 64
        // The port is known once the listener is bound; the guard checks Host against it.
        let bound = Locked<UInt16>(0)
        let key = SecretBytes.make(32)
        let path = store.path
        let server = try HTTPServer(host: "127.0.0.1", port: port, options: options) { request in
            AppRouter(guardian: AppGuard(port: bound.withLock { $0 }, key: key), storePath: path).handle(request)
        }
        bound.withLock { $0 = server.port }
        let address = AppGuard(port: server.port, key: key).address
        Output.line(tr("Snodo è aperto su \(address)", en: "Snodo is open at \(address)"))
        if !arguments.has("no-open") { openBrowser(address) }
        StopSignals.writeByte(to: server.stopDescriptor)
        server.run()
    }

    static func listenPort(_ text: String?) throws -> UInt16 {
        guard let text else { return 0 }
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0] == "127.0.0.1" || parts[0] == "localhost", let port = UInt16(parts[1]) else {
            throw spec.usageError(
                tr(
                    "--listen non valido (atteso: 127.0.0.1:PORTA, solo su questo portatile)",
                    en: "malformed --listen (expected 127.0.0.1:PORT, this laptop only)"))
        }
        return port
    }

    /// The desktop's browser, through `xdg-open`; without one, the printed address is enough.
    static func openBrowser(_ address: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", address]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
