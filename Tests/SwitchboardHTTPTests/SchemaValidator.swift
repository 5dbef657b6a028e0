import Foundation

/// Checks a decoded JSON value against a schema of our OpenAPI document: `$ref`, `type` (also
/// `[type, "null"]`), `properties`, `required`, `additionalProperties: false`, `items`, `oneOf`
/// and `enum`. Enough to catch a controller and the document drifting apart; returns problems.
struct SchemaValidator {
    let document: [String: Any]

    func problems(_ value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last ?? "")
            let components = document["components"] as? [String: Any]
            guard let target = (components?["schemas"] as? [String: Any])?[name] as? [String: Any] else {
                return ["\(path): unknown schema \(ref)"]
            }
            return problems(value, against: target, at: path)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let matching = options.filter { problems(value, against: $0, at: path).isEmpty }
            return matching.count == 1 ? [] : ["\(path): matches \(matching.count) of oneOf"]
        }
        var found: [String] = []
        if let types = schema["type"].map({ ($0 as? [String]) ?? [($0 as? String) ?? ""] }), !types.contains(where: { Self.has(value, type: $0) }) {
            return ["\(path): \(Self.describe(value)) is not \(types.joined(separator: " or "))"]
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { Self.equal($0, value) }) {
            found.append("\(path): \(value) is not one of the enum values")
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                found.append("\(path): required \(name) is missing")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, item) in object {
                if let property = properties[name] as? [String: Any] {
                    found += problems(item, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool, !allowed, schema["properties"] != nil {
                        found.append("\(path): \(name) is not in the schema")
                    } else if let additionalSchema = additional as? [String: Any] {
                        found += problems(item, against: additionalSchema, at: "\(path).\(name)")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { found += problems(item, against: items, at: "\(path)[\(index)]") }
        }
        return found
    }

    static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBool(value)
        case "integer": return !isBool(value) && (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return !isBool(value) && value is NSNumber
        default: return false
        }
    }

    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c" || type(of: value) == Bool.self
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        return (a as? String).map { $0 == (b as? String) } ?? false
    }

    static func describe(_ value: Any) -> String {
        value is NSNull ? "null" : "\(type(of: value)) \(value)"
    }
}
