/// Every system the fake serves, as the `FakeProvider` executable starts it.
public enum FakeSystems {
    /// One instance of each system, each under its prefix.
    public static var all: [any FakeSystem] {
        [
            FakeQasir.standard(), FakeMoka.standard(), FakeOAuthServer(), FakeAccurate(), FakeJurnal(),
            FakeSignedReceiver.downstream, FakeSignedReceiver.notifySink,
        ]
    }
}
