import SnodoCommandLine
import SnodoCommands
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
        case let error as StoreError: StoreErrorText.describe(error)
        case let error as SyncError: sync(error)
        default: String(describing: error)
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
        case .relay(let code, _) where code == ErrorCode.unauthenticated.rawValue:
            return "il relay ha rifiutato la sincronizzazione: richiesta non autenticata; registrare questo portatile con un codice dell'ufficio "
                + "(`snodo enroll CODICE`)"
        case .relay(let code, _) where code == ErrorCode.unsupportedVersion.rawValue:
            return "il relay parla un'altra versione del protocollo: aggiornare snodo, poi registrare di nuovo questo portatile con un nuovo codice"
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
        case .forgedResponse(let reason):
            return "rifiutata una risposta non firmata dal relay di questo portatile (\(reason)): non ne è stato applicato nulla; "
                + "l'indirizzo del relay può essere sbagliato, o qualcuno ha risposto al suo posto"
        case .enrollAgain:
            return "questo portatile fu registrato con il protocollo 1: chiedere all'ufficio un nuovo codice (`snodo-relay enroll`) "
                + "e registrarlo di nuovo (`snodo enroll CODICE`)"
        }
    }
}
