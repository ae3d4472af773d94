/// Every suite, in the order a full run prints them. Each suite lives in `Suites/<Name>Suite.swift`.
let allSuites: [Suite] = [
    [Suite](),
    [signaturesSuite],
    [csvSuite],
    mappingSuites,
    [pipelineSuite],
    [accountingSuite],
    retrySuites,
    [importSuite],
    [pollSuite],
].flatMap { $0 }
