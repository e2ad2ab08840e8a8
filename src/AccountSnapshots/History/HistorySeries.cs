namespace AccountSnapshots.History;

/// <summary>
/// One account-level series of a day: a Conduit balance (account, asset, network) or a 3Commas valuation (account,
/// <c>USD</c> or <c>BTC</c>). The client and name belong to the key, so a renamed account starts a new series.
/// </summary>
public sealed record HistorySeries(string AccountId, string? ClientId, string? Name, string Asset, string? Network);
