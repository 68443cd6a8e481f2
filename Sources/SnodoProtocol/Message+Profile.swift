/// PROFILEHAVE (`0x56`): the relay's revision of the programme profile the device holds, 0 for one
/// no relay gave ([PROF-1]).
package struct ProfileHave: Equatable, Sendable {
    package var revision: UInt64

    package init(revision: UInt64) { self.revision = revision }
}

/// PROFILE (`0x57`): the relay's programme profile at its revision, as the JSON of one document
/// that extends nothing (README, "Programme profiles"; [PROF-2]).
package struct ProfileGrant: Equatable, Sendable {
    package var revision: UInt64
    package var json: String

    package init(revision: UInt64, json: String) {
        self.revision = revision
        self.json = json
    }
}
