/// Every `pwbi` subcommand, in the order `pwbi --help` lists them.
/// Each module's commands live in a file of their own (`SignatureCommands.swift`, …).
let allCommands: [Command] = [
    [Command](),
    signatureCommands,
    csvCommands,
    mappingCommands,
    accountingCommands,
    integrationCommands,
    receiverCommands,
    retryCommands,
].flatMap { $0 }
