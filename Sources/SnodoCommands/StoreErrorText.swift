import SnodoCommandLine
import SnodoModel
import SnodoStore

/// A store's refusal as a person reads it, Italian first: the store words its errors in English
/// for logs and the library; both commands say them in the operator's language, with the same
/// facts and never a value of a record.
package enum StoreErrorText {
    /// What a command says of a file it found open to others and made its owner's only.
    package static func tightened(_ file: String) -> String {
        tr(
            "attenzione: \(file) era leggibile da altri utenti; ora solo dal suo proprietario",
            en: "warning: \(file) could be read by other users; now only its owner can")
    }

    package static func describe(_ error: StoreError) -> String {
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
            return "la scheda \(id.hex) è \(kind.withArticle), che si scrive una volta sola (registrare invece una voce di rettifica)"
        case .wrongKind(let id, let expected, let found):
            return "la scheda \(id.hex) è \(found?.withArticle ?? "una scheda di un altro tipo"), non \(expected.withArticle)"
        case .noConflict(let id, let field):
            return "la scheda \(id.hex) non ha conflitti su \(field) (vedi `snodo conflicts`)"
        case .openToOthers(let path, let mode):
            return "\(path) è leggibile da altri utenti (permessi \(String(mode, radix: 8))) e questo utente non può cambiarlo: "
                + "eseguire `chmod 600 \(path)` come suo proprietario"
        case .sqlite(let error):
            return "errore dell'archivio: \(error)"
        case .unreadableProfile(let path, let reason):
            return "il profilo del programma in \(path) non si legge (\(reason)): iscrivere di nuovo il portatile"
        }
    }
}
