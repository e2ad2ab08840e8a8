using System.Text.Json.Serialization;

namespace AccountSnapshots.Model;

/// <summary>
/// One normalised account, as stored in snapshots and served in the aggregate. Conduit accounts fill
/// <see cref="ClientId"/> and <see cref="Balances"/>; 3Commas accounts fill the exchange fields. Amounts are plain
/// decimal strings with the upstream's exact digits.
/// </summary>
public sealed record AccountRecord
{
    /// <summary>Source name (<c>conduit</c> or <c>threecommas</c>).</summary>
    public required string Source { get; init; }

    /// <summary>Conduit <c>accountId</c> (acct_…) or 3Commas account id.</summary>
    public required string Id { get; init; }

    /// <summary>Conduit client id (client_…).</summary>
    public string? ClientId { get; init; }

    /// <summary>Conduit <c>businessLegalName</c> or 3Commas account name.</summary>
    public string? Name { get; init; }

    /// <summary>Conduit available balances.</summary>
    public IReadOnlyList<BalanceRecord>? Balances { get; init; }

    /// <summary>3Commas <c>exchange_name</c>.</summary>
    public string? Exchange { get; init; }

    /// <summary>3Commas <c>market_code</c>.</summary>
    public string? MarketCode { get; init; }

    /// <summary>3Commas <c>usd_amount</c>, plain decimal string.</summary>
    public string? UsdAmount { get; init; }

    /// <summary>3Commas <c>btc_amount</c>, plain decimal string.</summary>
    public string? BtcAmount { get; init; }

    /// <summary>Health of the exchange key inside 3Commas.</summary>
    public ApiKeyHealth? ApiKey { get; init; }

    /// <summary>3Commas <c>is_locked</c>.</summary>
    public bool? IsLocked { get; init; }

    /// <summary>3Commas <c>lock_reason</c>.</summary>
    public string? LockReason { get; init; }

    /// <summary>True when this account's exchange key needs attention (alert <c>exchangeApiKeyInvalid</c>).</summary>
    [JsonIgnore]
    public bool NeedsAttention => ApiKey?.NeedsAttention ?? false;

    /// <summary>
    /// What the account holds, one (asset, network, amount) each: its balances, or, for an account without balances
    /// (every 3Commas account), its USD and BTC valuations, which act as balances wherever rows are listed. The one
    /// place that rule is written.
    /// </summary>
    public IEnumerable<BalanceRecord> Amounts() => Balances ?? Valuations();

    private IEnumerable<BalanceRecord> Valuations()
    {
        if (UsdAmount is not null)
        {
            yield return new BalanceRecord("USD", null, UsdAmount);
        }

        if (BtcAmount is not null)
        {
            yield return new BalanceRecord("BTC", null, BtcAmount);
        }
    }
}
