import Hummingbird

/// One provider the fake serves (Qasir, Moka, an OAuth server, Accurate, Jurnal, a downstream
/// receiver): its routes under its own path prefix, so one fake process stands in for all of them
/// and each integration's base URL is `http://host:port/<prefix>`.
public protocol FakeSystem: Sendable {
    /// The path prefix, e.g. `/qasir`.
    var prefix: String { get }
    /// Adds the system's routes to `group` (already under ``prefix``).
    func addRoutes(to group: RouterGroup<BasicRequestContext>, provider: FakeProvider)
}
