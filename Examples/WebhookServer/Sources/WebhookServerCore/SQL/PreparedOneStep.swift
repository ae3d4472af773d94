import PostgresNIO

/// The one-step statement of the common shape — one transaction with its audit record — prepared
/// once per connection, so PostgreSQL parses and plans it once instead of on every delivery.
struct PreparedOneStep: PostgresPreparedStatement {
    typealias Row = SQLRow

    static let sql = OneStepSQL.statement(transactions: 1, audited: true, auditIDFrom: 0)
    static let bindingDataTypes: [PostgresDataType] = (OneStepSQL.claimTypes + OneStepSQL.transactionTypes + OneStepSQL.auditTypes).map { name in
        switch name {
        case "float8": .float8
        case "int8": .int8
        case "bytea": .bytea
        default: .text
        }
    }

    let binds: [SQLValue]

    /// The statement for `plan`, or nil when the plan has another shape.
    init?(_ plan: OneStepPlan) {
        guard plan.distinct.count == 1, plan.audit != nil else { return nil }
        binds = plan.binds
    }

    func makeBindings() throws -> PostgresBindings { PostgresDatabase.bindings(binds) }

    func decodeRow(_ row: PostgresRow) throws -> SQLRow { try PostgresDatabase.row(row) }
}
