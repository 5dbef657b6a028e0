import Foundation
import Hummingbird
import SwitchboardDomain

/// The small server-rendered pages of console sign-in. Every value is HTML-escaped.
enum SignInPages {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `GET /console/login`: a slug form, or "Sign in with ‹organisation›" for `?org=`.
    static func login(organisation: Organisation?, slug: String?, message: String?, devSignIn: Bool) -> String {
        var body = "<h1>Sign in to the Switchboard console</h1>\n"
        if let message { body += "<p class=\"error\" role=\"alert\">\(escape(message))</p>\n" }
        if let organisation {
            let query = FormEncoding.encode([("org", organisation.slug)])
            body += "<p><a class=\"button\" href=\"/console/auth/start?\(escape(query))\">Sign in with \(escape(organisation.name))</a></p>\n"
            if devSignIn && organisation.isDemo {
                body += "<p><a href=\"/console/dev-login?\(escape(query))\">Development sign-in — demo data only</a></p>\n"
            }
            body += "<p><a href=\"/console/login\">Another organisation</a></p>\n"
        } else {
            body += """
                <form method="get" action="/console/login">
                <label for="org">Organisation</label>
                <input id="org" name="org" autocomplete="organization" required pattern="[a-z0-9-]+" value="\(escape(slug ?? ""))">
                <button type="submit">Continue</button>
                </form>

                """
        }
        return page(title: "Sign in — Switchboard", body: body)
    }

    /// `GET /console/dev-login`: the demo organisation's agents, one button each.
    static func devLogin(organisation: Organisation, agents: [AgentAccount]) -> String {
        var body = """
            <p class="banner" role="note"><strong>Development sign-in — demo data only.</strong>
            Anyone who can reach this server can sign in as these agents.</p>
            <h1>\(escape(organisation.name)): choose an agent</h1>
            <ul class="agents">

            """
        for agent in agents where !agent.disabled {
            body += """
                <li><form method="post" action="/console/dev-login">
                <input type="hidden" name="org" value="\(escape(organisation.slug))">
                <input type="hidden" name="agentId" value="\(escape(agent.id.uuidString.lowercased()))">
                <button type="submit">\(escape(agent.displayName))</button> <span>\(escape(agent.role.rawValue))</span>
                </form></li>

                """
        }
        body += "</ul>\n"
        return page(title: "Development sign-in — demo data only", body: body)
    }

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1f2933; }
        .button, button { display: inline-block; padding: .5rem 1rem; border: 0; border-radius: .375rem; background: #2563eb; \
        color: #fff; text-decoration: none; font: inherit; cursor: pointer; }

        input { font: inherit; padding: .4rem; margin: 0 .5rem .5rem 0; }
        .error { color: #b91c1c; }
        .banner { background: #fef3c7; border: 1px solid #f59e0b; padding: .75rem; border-radius: .375rem; }
        .agents { list-style: none; padding: 0; } .agents li { margin: .5rem 0; }
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
