using AccountSnapshots.Model;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Upstream;
using static AccountSnapshots.Tests.History.HistoryRuns;

namespace AccountSnapshots.Tests.Events;

/// <summary>
/// Stored runs with a known timeline on 2026-11-20 (documents shaped as the runner stores them, findings included).
/// 3Commas every 15 minutes at :07 from 10:07 to 12:07: account 31's key ok, expired 10:22 and 10:37, ok again from
/// 10:52; account 32's key expired from 11:07 to the end. Conduit: ok 10:00; credentials rejected (401) 10:15 and
/// 10:30; unavailable (503) 10:45; ok 11:00 (stale 10:30 to 11:00); no run until 12:00 (stale from 11:30); totals mismatch on USDC ethereum
/// at 12:00, gone at 12:15.
/// </summary>
internal static class EventScenario
{
    public static readonly DateTimeOffset Day = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int hour, int minute) => Day.AddHours(hour).AddMinutes(minute);

    public static IEnumerable<SnapshotDocument> Documents()
    {
        yield return ConduitOk(At(10, 0));
        yield return ConduitFailed(At(10, 15), UpstreamErrorKind.CredentialsRejected, 401);
        yield return ConduitFailed(At(10, 30), UpstreamErrorKind.CredentialsRejected, 401);
        yield return ConduitFailed(At(10, 45), UpstreamErrorKind.Unavailable, 503);
        yield return ConduitOk(At(11, 0));
        yield return ConduitOk(At(12, 0), mismatch: true);
        yield return ConduitOk(At(12, 15));
        for (var at = At(10, 7); at <= At(12, 7); at = at.AddMinutes(15))
        {
            var key31 = at == At(10, 22) || at == At(10, 37) ? "expired" : "ok";
            var key32 = at >= At(11, 7) ? "expired" : "ok";
            yield return ThreeCommas(at, ("31", "Binance main", key31), ("32", "Kraken spot", key32));
        }
    }

    public static SnapshotDocument ConduitOk(DateTimeOffset at, bool mismatch = false)
    {
        var document = Ok(SourceNames.Conduit, at, [ConduitAccount("acct_1", "client_1", "Alpha", ("USDC", "ethereum", "10.5"))]);
        return mismatch
            ? document with
            {
                Findings = [new AlertRecord { Kind = AlertKinds.TotalsMismatch, Source = SourceNames.Conduit, Asset = "USDC", Network = "ethereum", Message = "conduit totalBalances reports 11 USDC on ethereum but the per-client balances sum to 10.5" }],
            }
            : document;
    }

    public static SnapshotDocument ConduitFailed(DateTimeOffset at, UpstreamErrorKind kind, int status) => Failed(SourceNames.Conduit, at) with
    {
        Error = new SourceError(kind, $"conduit: {UpstreamFailures.KindName(kind)} (HTTP {status})", status, status == 401 ? "unauthorized" : null),
    };

    /// <summary>A successful 3Commas document whose findings are what the runner derives from the key states.</summary>
    public static SnapshotDocument ThreeCommas(DateTimeOffset at, params (string Id, string Name, string KeyState)[] accounts)
    {
        var records = accounts.Select(a => ThreeCommasAccount(a.Id, a.Name, "100", "0.001") with
        {
            Exchange = a.Id == "31" ? "binance" : "kraken",
            ApiKey = new ApiKeyHealth { Masked = "…Zu45", State = a.KeyState, Invalid = a.KeyState != "ok" },
        }).ToList();
        return Ok(SourceNames.ThreeCommas, at, records) with
        {
            Findings = [.. records.Where(r => r.NeedsAttention).Select(r => new AlertRecord
            {
                Kind = AlertKinds.ExchangeApiKeyInvalid,
                Source = SourceNames.ThreeCommas,
                AccountId = r.Id,
                AccountName = r.Name,
                Exchange = r.Exchange,
                State = r.ApiKey!.State,
            })],
        };
    }
}
