import Foundation
import SnodoCommandLine
import SnodoStore

/// `snodo-relay deploy systemd | nginx`: the files an operator installs, printed for the given
/// paths. The HTTPS end-to-end test runs nginx with the site printed here.
enum DeployCommands {
    static let systemdSpec = CommandSpec(
        path: "snodo-relay deploy systemd", usage: "snodo-relay deploy systemd --store DIR [--listen HOST:PORT] [--user NAME] [--binary PATH]",
        summary: tr(
            "stampa un'unità systemd che esegue il relay con un utente suo, isolato",
            en: "print a systemd unit that runs the relay as its own user, sandboxed"),
        valueOptions: ["store", "listen", "user", "binary"],
        details: Language.current == .english
            ? [
                "Install it as /etc/systemd/system/snodo-relay.service, create the user (`useradd --system NAME`) and the",
                "store folder owned by it, then `systemctl enable --now snodo-relay`. The log goes to journald",
                "(`journalctl -u snodo-relay -o cat` prints the JSON lines). --store must be an absolute path.",
            ]
            : [
                "Installarla come /etc/systemd/system/snodo-relay.service, creare l'utente (`useradd --system NOME`) e la",
                "cartella dell'archivio di sua proprietà, poi `systemctl enable --now snodo-relay`. Il registro va a journald",
                "(`journalctl -u snodo-relay -o cat` stampa le righe JSON). --store dev'essere un percorso assoluto.",
            ])

    static let systemd = Command(spec: systemdSpec) { arguments, _ in
        guard let store = arguments.value("store"), store.hasPrefix("/") else {
            throw systemdSpec.usageError(
                tr(
                    "--store dev'essere il percorso assoluto della cartella del relay (come /var/lib/snodo-relay)",
                    en: "--store must be the absolute path of the relay's folder (like /var/lib/snodo-relay)"))
        }
        let listen = arguments.value("listen") ?? RelayCommands.defaultListen
        _ = try RelayCommands.parseListen(listen)
        let user = arguments.value("user") ?? "snodo"
        guard user.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !user.isEmpty else {
            throw systemdSpec.usageError(
                tr("--user vuole il nome di un utente di sistema (lettere, cifre, - e _)", en: "--user takes a system user name (letters, digits, - and _)"))
        }
        let binary = arguments.value("binary") ?? executablePath()
        guard binary.hasPrefix("/") else {
            throw systemdSpec.usageError(tr("--binary dev'essere un percorso assoluto", en: "--binary must be an absolute path"))
        }
        Output.line(systemdUnit(store: store, listen: listen, user: user, binary: binary))
    }

    static func systemdUnit(store: String, listen: String, user: String, binary: String) -> String {
        """
        # Snodo relay, printed by `snodo-relay deploy systemd`.
        [Unit]
        Description=Snodo relay: sync for the field laptops
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=simple
        User=\(user)
        Group=\(user)
        ExecStart=\(binary) serve --store \(store) --listen \(listen)
        # SIGTERM: the relay finishes the requests it is merging and stops within 5 s.
        KillSignal=SIGTERM
        TimeoutStopSec=10
        Restart=on-failure
        RestartSec=5
        # Files only the relay's user can read, whatever else runs on the machine.
        UMask=0077
        NoNewPrivileges=yes
        ProtectSystem=strict
        ProtectHome=yes
        PrivateTmp=yes
        PrivateDevices=yes
        ProtectKernelTunables=yes
        ProtectControlGroups=yes
        RestrictSUIDSGID=yes
        ReadWritePaths=\(store)
        # One descriptor per connection.
        LimitNOFILE=65536

        [Install]
        WantedBy=multi-user.target
        """
    }

    static let nginxSpec = CommandSpec(
        path: "snodo-relay deploy nginx",
        usage:
            "snodo-relay deploy nginx --server-name NAME --certificate PEM --certificate-key KEY [--listen [HOST:]PORT] [--relay HOST:PORT] [--console]",
        summary: tr("stampa il sito nginx che termina TLS davanti al relay", en: "print the nginx site that terminates TLS in front of the relay"),
        valueOptions: ["server-name", "certificate", "certificate-key", "listen", "relay"], flags: ["console"],
        details: Language.current == .english
            ? [
                "Install it as /etc/nginx/sites-available/snodo-relay and link it into sites-enabled. nginx buffers every",
                "request whole before the relay sees it, gzips the protocol's responses, and passes only /sync and /health",
                "(metrics stay on the relay's loopback), and /console with --console (for `serve --console`).",
                "--listen defaults to 443, --relay to \(RelayCommands.defaultListen).",
            ]
            : [
                "Installarlo come /etc/nginx/sites-available/snodo-relay e collegarlo in sites-enabled. nginx riceve ogni",
                "richiesta intera prima che il relay la veda, comprime con gzip le risposte del protocollo e passa solo /sync",
                "e /health (le metriche restano in locale al relay), e /console con --console (per `serve --console`).",
                "--listen vale 443, --relay \(RelayCommands.defaultListen).",
            ])

    static let nginx = Command(spec: nginxSpec) { arguments, _ in
        guard let name = arguments.value("server-name"), !name.isEmpty, !name.contains(where: { $0 == ";" || $0 == "{" || $0 == " " }) else {
            throw nginxSpec.usageError(
                tr(
                    "--server-name vuole il nome host del relay (come relay.example.org)",
                    en: "--server-name takes the relay's host name (like relay.example.org)"))
        }
        guard let certificate = arguments.value("certificate"), let key = arguments.value("certificate-key") else {
            throw nginxSpec.usageError(
                tr(
                    "--certificate e --certificate-key vogliono i percorsi della catena di certificati TLS e della sua chiave",
                    en: "--certificate and --certificate-key take the paths of the TLS certificate chain and its key"))
        }
        let listen = arguments.value("listen") ?? "443"
        guard listen.split(separator: ":").last.flatMap({ UInt16($0) }) != nil else {
            throw nginxSpec.usageError(
                tr("--listen non valido (atteso: PORTA o HOST:PORTA, come 443)", en: "malformed --listen (expected PORT or HOST:PORT, like 443)"))
        }
        let relay = arguments.value("relay") ?? RelayCommands.defaultListen
        _ = try RelayCommands.parseListen(relay)
        Output.line(nginxSite(serverName: name, listen: listen, certificate: certificate, key: key, relay: relay, console: arguments.has("console")))
    }

    /// The console's location: the browser's Host and scheme reach the relay, which checks a
    /// form's Origin against them and marks the session cookie Secure.
    static let consoleLocation = """

            location /console {
                proxy_pass http://snodo_relay;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $http_host;
                proxy_set_header X-Forwarded-Proto https;
            }
        """

    static func nginxSite(serverName: String, listen: String, certificate: String, key: String, relay: String, console: Bool = false) -> String {
        """
        # Snodo relay behind nginx, printed by `snodo-relay deploy nginx`.
        upstream snodo_relay {
            server \(relay);
            keepalive 16;
        }
        limit_conn_zone $binary_remote_addr zone=snodo_per_address:10m;

        server {
            listen \(listen) ssl;
            server_name \(serverName);
            ssl_certificate \(certificate);
            ssl_certificate_key \(key);
            ssl_protocols TLSv1.2 TLSv1.3;

            # The protocol's bodies: large responses travel compressed, and URLSession inflates them.
            gzip on;
            gzip_types application/octet-stream;
            gzip_proxied any;
            gzip_min_length 256;

            # Whole requests only: nginx buffers each body before the relay sees it, within the protocol's size.
            client_max_body_size 8m;
            client_body_buffer_size 1m;
            proxy_request_buffering on;
            client_header_timeout 10s;
            client_body_timeout 20s;
            send_timeout 20s;
            keepalive_timeout 30s;
            limit_conn snodo_per_address 16;

            location = /sync {
                proxy_pass http://snodo_relay;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_read_timeout 60s;
            }
            location = /health {
                proxy_pass http://snodo_relay;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
            }\(console ? consoleLocation : "")
            location / {
                return 404;
            }
        }
        """
    }

    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/usr/local/bin/snodo-relay"
    }
}
