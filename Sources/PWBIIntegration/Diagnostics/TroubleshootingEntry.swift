/// One entry of the merchant troubleshooting guide ("Integration Issues"): the symptom the
/// merchant sees, the cause, and what to do — quoted from the guide so the product and the
/// support page say the same thing.
public struct TroubleshootingEntry: Sendable, Hashable {
    /// A stable identifier (`pos.credentials_expired`), for the host's UI and metrics.
    public let code: String
    /// The guide's section (`POS Not Syncing → Data Not Updating`).
    public let section: String
    /// What the merchant sees (`"Authentication failed" error`).
    public let symptom: String
    /// Why it happens.
    public let cause: String
    /// What to do.
    public let solution: String
    /// Where to click, when the guide says.
    public let steps: String?

    init(code: String, section: String, symptom: String, cause: String, solution: String, steps: String? = nil) {
        self.code = code
        self.section = section
        self.symptom = symptom
        self.cause = cause
        self.solution = solution
        self.steps = steps
    }
}

extension TroubleshootingEntry {
    /// POS credentials expired: "Authentication failed".
    public static let credentialsExpired = TroubleshootingEntry(
        code: "pos.credentials_expired", section: "POS Not Syncing → Data Not Updating",
        symptom: "\"Authentication failed\" error", cause: "POS Credentials Expired",
        solution: "Disconnect and reconnect POS", steps: "Settings → Integrations → Disconnect → Connect again")
    /// POS API down: "Connection timeout".
    public static let apiDown = TroubleshootingEntry(
        code: "pos.api_down", section: "POS Not Syncing → Data Not Updating",
        symptom: "\"Connection timeout\" error", cause: "POS API Down",
        solution: "Wait 30 minutes, try again. If persists, contact POS support.",
        steps: "Login to your POS directly to confirm it's working")
    /// Rate limit exceeded: "Too many requests".
    public static let rateLimited = TroubleshootingEntry(
        code: "pos.rate_limited", section: "POS Not Syncing → Data Not Updating",
        symptom: "\"Too many requests\" error", cause: "Rate Limit Exceeded",
        solution: "Wait 1 hour, sync will auto-resume", steps: "Prevention: Don't click \"Sync Now\" repeatedly")
    /// Data older than the system's normal lag.
    public static let dataNotUpdating = TroubleshootingEntry(
        code: "pos.data_not_updating", section: "POS Not Syncing → Data Not Updating",
        symptom: "Data not updating", cause: "The last successful sync is older than normal for this system",
        solution: "Check connection status, then click \"Sync Now\" to manually trigger",
        steps: "Settings → Integrations → Check connection status; check last sync time (should be <1 hour for most POS)")
    /// A sync that keeps failing for a reason the merchant cannot fix.
    public static let repeatedFailures = TroubleshootingEntry(
        code: "pos.repeated_failures", section: "Need more help?",
        symptom: "Sync keeps failing", cause: "Repeated sync failures",
        solution: "Email support@pwbi.id with: POS/integration type, error message screenshot, transaction ID (if specific transaction issue)")
    /// Moka's hourly polling.
    public static let mokaSlowSync = TroubleshootingEntry(
        code: "moka.slow_sync", section: "Specific POS Issues → Moka Integration",
        symptom: "Slow sync", cause: "Moka polls hourly (normal delay)", solution: "No action needed: data arrives with the next hourly poll")
    /// Moka API key refused.
    public static let mokaAPIKeyInvalid = TroubleshootingEntry(
        code: "moka.api_key_invalid", section: "Specific POS Issues → Moka Integration",
        symptom: "API key invalid", cause: "The Moka API key was revoked or regenerated", solution: "Regenerate API key in Moka dashboard")
    /// Qasir bearer token lifetime.
    public static let qasirTokenExpired = TroubleshootingEntry(
        code: "qasir.bearer_token_expired", section: "Specific POS Issues → Qasir Integration",
        symptom: "Bearer token expired", cause: "Qasir bearer tokens last 90 days", solution: "Reconnect every 90 days")
    /// Qasir outlets.
    public static let qasirMultipleOutlets = TroubleshootingEntry(
        code: "qasir.multiple_outlets", section: "Specific POS Issues → Qasir Integration",
        symptom: "Multiple outlets", cause: "One Qasir connection covers one outlet", solution: "Connect each outlet separately")
    /// Olsera central kitchen.
    public static let olseraCentralKitchen = TroubleshootingEntry(
        code: "olsera.central_kitchen", section: "Specific POS Issues → Olsera Integration",
        symptom: "Central kitchen transactions", cause: "Central kitchen transactions are not yet supported",
        solution: "Not yet supported")
    /// Olsera brands.
    public static let olseraMultiBrand = TroubleshootingEntry(
        code: "olsera.multi_brand", section: "Specific POS Issues → Olsera Integration",
        symptom: "Multi-brand", cause: "One Olsera connection covers one brand", solution: "Connect each brand separately")
    /// Pawoon's webhooks stopped arriving.
    public static let pawoonWebhookNotFiring = TroubleshootingEntry(
        code: "pawoon.webhook_not_firing", section: "Specific POS Issues → Pawoon Integration",
        symptom: "Webhook not firing", cause: "No webhook delivery from Pawoon for longer than expected",
        solution: "Check Pawoon webhook settings")
    /// A pushing system (Karage, Olsera, Xendit, Midtrans) stopped delivering.
    public static let noDeliveries = TroubleshootingEntry(
        code: "pos.no_deliveries", section: "POS Not Syncing → Data Not Updating",
        symptom: "Data not updating", cause: "No webhook delivery for longer than the expected interval",
        solution: "Check connection status, then check the system's webhook settings (URL and key); click \"Sync Now\" where the system offers it",
        steps: "Settings → Integrations → Check connection status; check last sync time (should be <1 hour for most POS)")
    /// A webhook API key (`X-API-KEY`) that expires soon or has expired.
    public static let webhookAPIKeyExpiring = TroubleshootingEntry(
        code: "webhook.api_key_expiring", section: "POS Not Syncing → Data Not Updating",
        symptom: "\"Authentication failed\" error", cause: "The webhook API key expires (or has expired)",
        solution: "Create a new API key (a Persistent Key for production) and put it in the POS system's webhook configuration before the old one expires",
        steps: "User Icon → Preferences → Account Security → New API Key; then X-API-KEY in the POS webhook settings")

    /// Pawoon history before the first sync.
    public static let pawoonHistoricalSync = TroubleshootingEntry(
        code: "pawoon.old_transactions", section: "Specific POS Issues → Pawoon Integration",
        symptom: "Old transactions not syncing", cause: "Transactions before the integration's first sync window are not fetched automatically",
        solution: "Use \"Historical Sync\"", steps: "Settings → Pawoon → \"Sync Historical\"")
    /// Accurate Online OAuth lifetime.
    public static let accurateTokenExpired = TroubleshootingEntry(
        code: "accurate.oauth_token_expired", section: "Accounting Software Integration → Accurate Online",
        symptom: "OAuth token expired", cause: "Accurate Online OAuth tokens last 6 months", solution: "Refresh token every 6 months")
    /// Accurate chart of accounts.
    public static let accurateChartOfAccounts = TroubleshootingEntry(
        code: "accurate.chart_of_accounts", section: "Accounting Software Integration → Accurate Online",
        symptom: "Chart of accounts not syncing", cause: "Accounts must be mapped by hand",
        solution: "Manual mapping required", steps: "Settings → Accounting")
    /// Jurnal.id journal entries.
    public static let jurnalJournalEntryFailed = TroubleshootingEntry(
        code: "jurnal.journal_entry_failed", section: "Accounting Software Integration → Jurnal.id",
        symptom: "Journal entry failed", cause: "An account used by the entry is not mapped", solution: "Check account mappings")
    /// Jurnal.id's 4-hour batch.
    public static let jurnalSlowSync = TroubleshootingEntry(
        code: "jurnal.slow_sync", section: "Accounting Software Integration → Jurnal.id",
        symptom: "Slow sync", cause: "Normal (batch process runs every 4 hours)", solution: "No action needed: data arrives with the next batch")
    /// A transaction newer than the last sync.
    public static let transactionAfterLastSync = TroubleshootingEntry(
        code: "missing.after_last_sync", section: "POS Not Syncing → Missing Transactions",
        symptom: "Missing transactions", cause: "Transaction happened after last sync", solution: "Wait for next sync",
        steps: "Force sync: Settings → \"Sync Now\"")
    /// A transaction still missing two hours on.
    public static let transactionStillMissing = TroubleshootingEntry(
        code: "missing.contact_support", section: "POS Not Syncing → Missing Transactions",
        symptom: "Missing transactions", cause: "The transaction should have been synced by now",
        solution: "Check date range filter (expand to wider range); verify transaction exists in POS (voided/deleted transactions won't appear in PWBI). If still missing after 2 hours, contact support")

    /// Every entry, for listing in the host's help pages.
    public static let all: [TroubleshootingEntry] = [
        .credentialsExpired, .apiDown, .rateLimited, .dataNotUpdating, .repeatedFailures, .mokaSlowSync, .mokaAPIKeyInvalid,
        .qasirTokenExpired, .qasirMultipleOutlets, .olseraCentralKitchen, .olseraMultiBrand, .pawoonWebhookNotFiring,
        .noDeliveries, .webhookAPIKeyExpiring, .pawoonHistoricalSync,
        .accurateTokenExpired, .accurateChartOfAccounts, .jurnalJournalEntryFailed, .jurnalSlowSync,
        .transactionAfterLastSync, .transactionStillMissing,
    ]
}
