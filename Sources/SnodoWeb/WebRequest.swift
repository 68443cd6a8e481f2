import Foundation
import SnodoServer

/// What a page needs of a request: its path, its query and its form fields, decoded once.
package struct WebRequest {
    package let method: String
    package let path: String
    package let query: [String: [String]]
    package let form: [String: [String]]
    package let headers: HTTPRequest

    package init(_ request: HTTPRequest) {
        method = request.method
        let parts = request.path.split(separator: "?", maxSplits: 1).map(String.init)
        path = parts.first.flatMap { $0.removingPercentEncoding } ?? "/"
        query = parts.count > 1 ? WebRequest.decode(parts[1]) : [:]
        let isForm = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        form = isForm ? WebRequest.decode(String(decoding: request.body, as: UTF8.self)) : [:]
        headers = request
    }

    /// `a=1&b=x+y&b=z` as `["a": ["1"], "b": ["x y", "z"]]`.
    package static func decode(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = halves.first?.removingPercentEncoding, !name.isEmpty else { continue }
            result[name, default: []].append(halves.count > 1 ? (halves[1].removingPercentEncoding ?? "") : "")
        }
        return result
    }

    package func value(_ name: String) -> String? { (form[name] ?? query[name])?.last.flatMap { $0.isEmpty ? nil : $0 } }
    package func values(_ name: String) -> [String] { (form[name] ?? query[name] ?? []).filter { !$0.isEmpty } }
}
