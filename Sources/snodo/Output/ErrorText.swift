import SnodoCommandLine
import SnodoModel
import SnodoProtocol
import SnodoStore
import SnodoSync

/// The line a person reads for a failure, in Italian first. The store and sync layers word their
/// errors in English for logs and the library; the field command says them in the operator's
/// language, with the same facts (and, as there, never a value of a record).
enum ErrorText {
    static func describe(_ error: Error) -> String {
        switch error {
        case let error as StoreError: store(error)
        case let error as SyncError: sync(error)
        default: String(describing: error)
        }
    }

    static func store(_ error: StoreError) -> String {
        guard Language.current == .italian else { return error.description }
        switch error {
        case .notASnodoStore(let path):
            return "\(path) non è un archivio Snodo (atteso: un archivio creato da `snodo init`)"
        case .newerStore(let path, let found, let supported):
            return "\(path) è stato scritto da uno Snodo più recente (versione \(found); questa legge fino alla \(supported)): aggiornare Snodo"
        case .missingStore(let path):
            return "nessun archivio Snodo in \(path) (`snodo init`, oppure --store PERCORSO o SNODO_STORE)"
        case .alreadyExists(let path):
            return "esiste già un archivio Snodo in \(path) (init non lo sovrascrive)"
        case .unknownRecord(let id):
            return "nessuna scheda con id \(id) (atteso: l'id stampato da add, o un suo prefisso unico di almeno 4 cifre esadecimali)"
        case .ambiguousRecord(let id, let matches):
            return "il prefisso \(id) corrisponde a \(matches) schede (aggiungere cifre)"
        case .erasedRecord(let id):
            return "la scheda \(id.hex) è stata cancellata e non si può leggere né cambiare"
        case .immutableRecord(let id, let kind):
            return "la scheda \(id.hex) è \(KindNames.withArticle(kind)), che si scrive una volta sola (registrare invece una voce di rettifica)"
        case .wrongKind(let id, let expected, let found):
            return "la scheda \(id.hex) è \(KindNames.withArticle(found)), non \(KindNames.withArticle(expected))"
        case .noConflict(let id, let field):
            return "la scheda \(id.hex) non ha conflitti su \(field) (vedi `snodo conflicts`)"
        case .openToOthers(let path, let mode):
            return "\(path) è leggibile da altri utenti (permessi \(String(mode, radix: 8))) e questo utente non può cambiarlo: "
                + "eseguire `chmod 600 \(path)` come suo proprietario"
        case .sqlite(let error):
            return "errore dell'archivio: \(error)"
        }
    }

    static func sync(_ error: SyncError) -> String {
        guard Language.current == .italian else { return error.description }
        switch error {
        case .transport(let reason):
            return "relay non raggiungibile: \(reason)"
        case .relay(let code, _) where code == ErrorCode.relayFailure.rawValue:
            return "il relay ha avuto un guasto (HTTP 500): qui non si perde nulla e la prossima sincronizzazione lo rimanda; "
                + "avvisare chi gestisce il relay, il cui registro ha la causa"
        case .relay(let code, let detail):
            return "il relay ha rifiutato la sincronizzazione (\(ErrorCode(rawValue: code).map { "\($0)" } ?? "codice \(code)")): \(detail)"
        case .badResponse(let reason):
            return "il relay ha mandato una risposta che non è protocollo Snodo valido: \(reason)"
        case .tooManyRounds(let rounds):
            return "sincronizzazione fermata dopo \(rounds) giri con altro ancora da ricevere: rilanciarla"
        case .revoked:
            return "questo portatile è stato revocato dal relay: il suo archivio è stato cancellato"
        case .counterRaised:
            return "il relay aveva visto richieste più recenti da questo portatile (il suo archivio è stato ripristinato da una copia): nuovo invio"
        }
    }
}
