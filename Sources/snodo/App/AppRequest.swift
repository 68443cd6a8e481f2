import Foundation
import SnodoServer

/// What a page needs of a request: its path, its query and its form fields, decoded once.
struct AppRequest {
    let method: String
    let path: String
    let query: [String: [String]]
    let form: [String: [String]]
    let headers: HTTPRequest

    init(_ request: HTTPRequest) {
        method = request.method
        let parts = request.path.split(separator: "?", maxSplits: 1).map(String.init)
        path = parts.first.flatMap { $0.removingPercentEncoding } ?? "/"
        query = parts.count > 1 ? AppRequest.decode(parts[1]) : [:]
        let isForm = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        form = isForm ? AppRequest.decode(String(decoding: request.body, as: UTF8.self)) : [:]
        headers = request
    }

    /// `a=1&b=x+y&b=z` as `["a": ["1"], "b": ["x y", "z"]]`.
    static func decode(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = halves.first?.removingPercentEncoding, !name.isEmpty else { continue }
            result[name, default: []].append(halves.count > 1 ? (halves[1].removingPercentEncoding ?? "") : "")
        }
        return result
    }

    func value(_ name: String) -> String? { (form[name] ?? query[name])?.last.flatMap { $0.isEmpty ? nil : $0 } }
    func values(_ name: String) -> [String] { (form[name] ?? query[name] ?? []).filter { !$0.isEmpty } }
}
