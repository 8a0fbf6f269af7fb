import ChordCharts
import Foundation

/// The API reference as one HTML page, drawn by the server from its own OpenAPI document: every
/// operation with its parameters, request body fields (type, bounds, choices, default, meaning)
/// and responses, then every schema. Nothing is fetched from anywhere else, so it reads the same on
/// a machine without internet access, where a CDN-hosted viewer is a blank page.
///
/// `/docs` adds a "Try it" form to each operation (a few lines of script, ``script``, served at
/// `/docs.js`, that send the request with `fetch` and show the answer); `/redoc` is the same page to
/// read only. Both take their stylesheet, ``style``, from `/docs.css`: the pages hold no inline script
/// or style, which their Content-Security-Policy refuses.
enum APIReferencePage {
    static func html(document: [String: Any], interactive: Bool) -> String {
        let info = document["info"] as? [String: Any] ?? [:]
        let title = info["title"] as? String ?? "API"
        let paths = document["paths"] as? [String: Any] ?? [:]
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var body = "<header><h1>\(XMLText.escaped(title)) <small>\(XMLText.escaped(info["version"] as? String ?? ""))</small></h1>"
        if let description = info["description"] as? String { body += "<p>\(XMLText.escaped(description))</p>" }
        body += #"<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a>.</p></header><nav><ul>"#
        let operations = paths.keys.sorted().flatMap { path in
            methodOrder.compactMap { method in
                ((paths[path] as? [String: Any])?[method] as? [String: Any]).map { (path: path, method: method, operation: $0) }
            }
        }
        for item in operations {
            body += ##"<li><a href="#\##(anchor(item.method, item.path))"><span class="method \##(item.method)">\##(item.method.uppercased())</span> \##(XMLText.escaped(item.path))</a></li>"##
        }
        body += "</ul></nav><main>"
        for item in operations {
            body += operationSection(item.path, item.method, item.operation, schemas: schemas, interactive: interactive)
        }
        body += #"<section><h2 id="schemas">Schemas</h2>"#
        for name in schemas.keys.sorted() {
            guard let schema = schemas[name] as? [String: Any] else { continue }
            body += #"<h3 id="schema-\#(XMLText.escaped(name))">\#(XMLText.escaped(name))</h3>"#
            if let description = schema["description"] as? String { body += "<p>\(XMLText.escaped(description))</p>" }
            body += fieldsTable(schema, schemas: schemas)
        }
        body += "</section></main>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(XMLText.escaped(title)) - API reference</title><link rel="stylesheet" href="/docs.css"></head>
            <body>\(body)\(interactive ? #"<script src="/docs.js"></script>"# : "")</body></html>
            """
    }

    private static let methodOrder = ["get", "post", "put", "patch", "delete"]

    private static func operationSection(_ path: String, _ method: String, _ operation: [String: Any], schemas: [String: Any], interactive: Bool) -> String {
        var html = #"<section class="operation" id="\#(anchor(method, path))"><h2><span class="method \#(method)">\#(method.uppercased())</span> <code>\#(XMLText.escaped(path))</code>"#
        if let summary = operation["summary"] as? String { html += " <span class=\"summary\">\(XMLText.escaped(summary))</span>" }
        html += "</h2>"
        if let description = operation["description"] as? String { html += "<p>\(XMLText.escaped(description))</p>" }
        let parameters = operation["parameters"] as? [[String: Any]] ?? []
        if !parameters.isEmpty {
            html += "<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>type</th><th>meaning</th></tr>"
            for parameter in parameters {
                let schema = parameter["schema"] as? [String: Any] ?? [:]
                html += "<tr><td><code>\(XMLText.escaped(parameter["name"] as? String ?? ""))</code>\((parameter["required"] as? Bool) == true ? " *" : "")</td>"
                html += "<td>\(XMLText.escaped(parameter["in"] as? String ?? ""))</td><td>\(XMLText.escaped(typeText(schema, schemas: schemas)))</td>"
                html += "<td>\(XMLText.escaped(parameter["description"] as? String ?? ""))\(XMLText.escaped(constraints(schema)))</td></tr>"
            }
            html += "</table>"
        }
        var bodySchema: [String: Any]?
        if let requestBody = operation["requestBody"] as? [String: Any],
            let json = (requestBody["content"] as? [String: Any])?["application/json"] as? [String: Any],
            let schema = json["schema"] as? [String: Any]
        {
            bodySchema = resolved(schema, schemas: schemas)
            html += "<h4>Request body (JSON)</h4>" + fieldsTable(bodySchema ?? [:], schemas: schemas)
        }
        if let responses = operation["responses"] as? [String: Any] {
            html += "<h4>Responses</h4><table><tr><th>status</th><th>meaning</th></tr>"
            for status in responses.keys.sorted() {
                let response = responses[status] as? [String: Any] ?? [:]
                let types = (response["content"] as? [String: Any])?.keys.sorted().joined(separator: ", ") ?? ""
                html += "<tr><td><code>\(XMLText.escaped(status))</code></td><td>\(XMLText.escaped(response["description"] as? String ?? ""))"
                html += types.isEmpty ? "" : " <small>(\(XMLText.escaped(types)))</small>"
                html += "</td></tr>"
            }
            html += "</table>"
        }
        if interactive {
            let example = bodySchema.map { _ in "{}" }
            html += #"<form class="try" data-method="\#(method.uppercased())" data-path="\#(XMLText.escaped(path))"><h4>Try it</h4>"#
            for parameter in parameters where parameter["in"] as? String == "path" || parameter["in"] as? String == "query" {
                let name = XMLText.escaped(parameter["name"] as? String ?? "")
                html += #"<label>\#(name) <input name="\#(name)" data-in="\#(XMLText.escaped(parameter["in"] as? String ?? ""))"></label>"#
            }
            if let example { html += #"<label>body <textarea name="body" rows="3">\#(example)</textarea></label>"# }
            html += #"<button type="submit">Send</button><pre class="answer" aria-live="polite"></pre></form>"#
        }
        return html + "</section>"
    }

    /// A table of an object schema's properties: name (required marked), type, bounds and meaning.
    private static func fieldsTable(_ schema: [String: Any], schemas: [String: Any]) -> String {
        let schema = resolved(schema, schemas: schemas)
        guard let properties = schema["properties"] as? [String: Any], !properties.isEmpty else {
            return "<p>\(XMLText.escaped(typeText(schema, schemas: schemas)))\(XMLText.escaped(constraints(schema)))</p>"
        }
        let required = Set(schema["required"] as? [String] ?? [])
        var html = "<table><tr><th>field</th><th>type</th><th>meaning</th></tr>"
        for name in properties.keys.sorted() {
            let property = properties[name] as? [String: Any] ?? [:]
            html += "<tr><td><code>\(XMLText.escaped(name))</code>\(required.contains(name) ? " *" : "")</td>"
            html += "<td>\(XMLText.escaped(typeText(property, schemas: schemas)))</td>"
            html += "<td>\(XMLText.escaped(property["description"] as? String ?? ""))\(XMLText.escaped(constraints(property)))</td></tr>"
        }
        return html + "</table>"
    }

    private static func resolved(_ schema: [String: Any], schemas: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, let name = reference.split(separator: "/").last else { return schema }
        return schemas[String(name)] as? [String: Any] ?? schema
    }

    /// `integer`, `string or null`, `list of string`, `Session`, `boolean or list of string`.
    private static func typeText(_ schema: [String: Any], schemas: [String: Any]) -> String {
        if let reference = schema["$ref"] as? String { return String(reference.split(separator: "/").last ?? "") }
        if let options = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]] {
            return options.map { typeText($0, schemas: schemas) }.joined(separator: " or ")
        }
        var text = schema["type"] as? String ?? "any"
        if text == "array", let items = schema["items"] as? [String: Any] { text = "list of " + typeText(items, schemas: schemas) }
        if schema["nullable"] as? Bool == true { text += " or null" }
        return text
    }

    /// ` One of: a, b. 40–300. Default: 120.` as far as the schema says.
    private static func constraints(_ schema: [String: Any]) -> String {
        var parts: [String] = []
        let choices = schema["enum"] as? [Any] ?? (schema["items"] as? [String: Any])?["enum"] as? [Any]
        if let choices { parts.append("One of: " + choices.map { "\($0)" }.joined(separator: ", ") + ".") }
        if let minimum = schema["minimum"], let maximum = schema["maximum"] { parts.append("\(minimum)–\(maximum).") }
        if let pattern = schema["pattern"] as? String, pattern.count < 120 { parts.append("Pattern: \(pattern)") }
        if let value = schema["default"] { parts.append("Default: \(value).") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: " ")
    }

    private static func anchor(_ method: String, _ path: String) -> String {
        method + "-" + path.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// The stylesheet of both pages, served at `/docs.css`.
    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#222}
        h1 small{font-size:.5em;color:#777}nav ul{columns:2;list-style:none;padding:0}nav a{text-decoration:none}
        .method{display:inline-block;min-width:3.5em;font:600 .8em monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#61affe;text-align:center}
        .method.post{background:#49cc90}.method.delete{background:#f93e3e}.method.put,.method.patch{background:#fca130}
        section.operation{border-top:1px solid #ddd;padding:8px 0}h2 .summary{font-weight:400;color:#555;font-size:.8em}
        table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
        th{background:#f6f6f6}code{font-size:.95em}form.try{background:#f8f8fb;padding:6px 10px;border-radius:4px}
        form.try label{display:block;margin:4px 0}form.try textarea{width:100%;font:13px monospace}
        pre.answer{white-space:pre-wrap;word-break:break-all;max-height:20em;overflow:auto}
        @media (max-width:640px){nav ul{columns:1}td,th{font-size:13px}}
        """

    /// Sends a "Try it" form: path parameters into the path, query parameters into the query, the
    /// body as JSON; shows the status and the answer. Served at `/docs.js`.
    static let script = """
        document.querySelectorAll("form.try").forEach(form => form.addEventListener("submit", async event => {
          event.preventDefault();
          let path = form.dataset.path; const query = new URLSearchParams();
          form.querySelectorAll("input").forEach(input => {
            if (input.dataset.in === "path") path = path.replace("{" + input.name + "}", encodeURIComponent(input.value));
            else if (input.value) query.set(input.name, input.value);
          });
          const body = form.querySelector("textarea");
          const answer = form.querySelector(".answer");
          try {
            const response = await fetch(path + (query.toString() ? "?" + query : ""), {method: form.dataset.method,
              headers: body ? {"Content-Type": "application/json"} : {}, body: body ? body.value : undefined});
            const type = response.headers.get("Content-Type") || "";
            const text = type.includes("json") || type.startsWith("text/") ? await response.text() : `(${type}, ${(await response.arrayBuffer()).byteLength} bytes)`;
            answer.textContent = response.status + " " + response.statusText + "\\n" + text;
          } catch (error) { answer.textContent = String(error); }
        }));
        """
}
