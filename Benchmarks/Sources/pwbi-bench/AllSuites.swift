/// Every suite, in the order a full run prints them. Each suite lives in `Suites/<Name>Suite.swift`.
let allSuites: [Suite] = [
    [Suite](),
    [csvSuite],
    mappingSuites,
    [pipelineSuite],
    [accountingSuite],
].flatMap { $0 }
