namespace AccountSnapshots.Aggregation;

/// <summary>What a stored aggregate must hold beyond parsing: the serializer's "required" checks only that a field is present.</summary>
internal static class AggregateDocumentChecks
{
    /// <summary>
    /// False when a list or a required value is an explicit JSON null (a hand edit, another tool): such a document
    /// would fail every merge and every request later, so readers treat it as unreadable and writers rebuild it.
    /// </summary>
    public static bool IsComplete(AggregateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Sources is not null && document.Accounts is not null && document.Totals is not null && document.Alerts is not null
            && document.Sources.All(s => s?.Source is not null && s.Status is not null)
            && document.Accounts.All(a => a?.Source is not null && a.Id is not null && (a.Balances?.All(b => b?.Asset is not null && b.Amount is not null) ?? true))
            && document.Totals.All(t => t?.Source is not null && t.Asset is not null && t.Amount is not null)
            && document.Alerts.All(a => a?.Source is not null && a.Kind is not null);
    }
}
