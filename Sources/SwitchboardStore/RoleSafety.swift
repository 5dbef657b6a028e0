import PostgresClient

/// Checks that the server's database role cannot get around row-level security.
public enum RoleSafety {
    /// Why the role is unsafe, or empty when it is safe to serve with.
    public static func problems(using pool: PostgresPool) async throws -> [String] {
        let row = try await pool.withConnection { session in
            try await session.query(
                """
                SELECT r.rolname, r.rolsuper, r.rolbypassrls,
                       EXISTS (SELECT 1 FROM pg_roles o
                               WHERE o.oid <> r.oid AND (o.rolsuper OR o.rolbypassrls)
                                 AND pg_has_role(r.oid, o.oid, 'MEMBER')) AS member_of_privileged,
                       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname IN ('switchboard', 'reporting')
                                 AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owns_relations
                FROM pg_roles r WHERE r.rolname = current_user
                """
            ).singleRow()
        }
        guard let row else { return ["the current role is not in pg_roles"] }
        let name: String = try row.decode("rolname")
        var problems: [String] = []
        if try row.decode("rolsuper", as: Bool.self) { problems.append("role \(name) is a superuser") }
        if try row.decode("rolbypassrls", as: Bool.self) { problems.append("role \(name) has BYPASSRLS") }
        if try row.decode("member_of_privileged", as: Bool.self) {
            problems.append("role \(name) is a member of a superuser or BYPASSRLS role")
        }
        if try row.decode("owns_relations", as: Bool.self) {
            problems.append("role \(name) owns (or is a member of the owner of) Switchboard tables; connect as switchboard_app")
        }
        return problems
    }
}
