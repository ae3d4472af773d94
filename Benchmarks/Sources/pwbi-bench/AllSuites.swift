/// Every suite, in the order a full run prints them. Each suite lives in `Suites/<Name>Suite.swift`.
let allSuites: [Suite] = [
    [Suite](),
    mappingSuites,
    [pipelineSuite],
].flatMap { $0 }
