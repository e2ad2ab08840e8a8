namespace AccountSnapshots.History;

/// <summary>One source's index of one day as a query uses it; <see cref="Accounts"/> is null when not asked for.</summary>
internal sealed record HistoryDay(string Source, DateOnly Day, HistoryTotalsDay Totals, HistoryAccountsDay? Accounts);
