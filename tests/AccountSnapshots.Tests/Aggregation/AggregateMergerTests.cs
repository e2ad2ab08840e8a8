using AccountSnapshots.Aggregation;
using AccountSnapshots.Model;
using AccountSnapshots.Upstream;

namespace AccountSnapshots.Tests.Aggregation;

public sealed class AggregateMergerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_empty_aggregate_lists_every_source_as_never()
    {
        var empty = AggregateMerger.Empty(s_t0);

        Assert.Equal(SourceNames.All, empty.Sources.Select(s => s.Source));
        Assert.All(empty.Sources, s => Assert.Equal(SourceStatusValues.Never, s.Status));
        Assert.Empty(empty.Accounts);
    }

    [Theory]
    [InlineData(null, 0.0)]
    [InlineData(-60.0, 0.0)]
    [InlineData(3.0, 3.0000001)]
    [InlineData(0.0, 0.0000001)]
    [InlineData(3600.0, 0.0)]
    public void A_written_version_is_generated_after_the_one_it_replaces_unless_that_clock_ran_far_ahead(double? previousOffsetSeconds, double expectedOffsetSeconds)
    {
        DateTimeOffset? previous = previousOffsetSeconds is { } offset ? s_t0.AddSeconds(offset) : null;

        Assert.Equal(s_t0.AddTicks((long)Math.Round(expectedOffsetSeconds * TimeSpan.TicksPerSecond)), AggregateMerger.NextGeneratedAt(s_t0, previous));
    }

    [Fact]
    public void A_merge_is_generated_at_the_time_it_is_given()
    {
        var ahead = AggregateMerger.Merge(null, Success(SourceNames.Conduit, s_t0, "acct_1"), s_t0.AddSeconds(3)).Document;

        Assert.Equal(s_t0, AggregateMerger.Merge(ahead, Success(SourceNames.ThreeCommas, s_t0, "31"), s_t0).Document.GeneratedAt);
    }

    [Fact]
    public void A_success_replaces_the_sources_accounts_and_marks_it_ok()
    {
        var merged = AggregateMerger.Merge(null, Success(SourceNames.Conduit, s_t0, "acct_1", "acct_2"), s_t0).Document;

        var conduit = merged.Sources.Single(s => s.Source == SourceNames.Conduit);
        Assert.Equal(SourceStatusValues.Ok, conduit.Status);
        Assert.Equal(s_t0, conduit.SnapshotAt);
        Assert.Equal(2, conduit.AccountCount);
        Assert.Equal(["acct_1", "acct_2"], merged.Accounts.Select(a => a.Id));
        Assert.Equal(SourceStatusValues.Never, merged.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
    }

    [Fact]
    public void A_failure_keeps_the_last_good_data_and_says_stale()
    {
        var good = AggregateMerger.Merge(null, Success(SourceNames.Conduit, s_t0, "acct_1"), s_t0).Document;
        var error = new SourceError(UpstreamErrorKind.Unavailable, "conduit: unavailable (HTTP 503)", 503);

        var merged = AggregateMerger.Merge(good, Failure(SourceNames.Conduit, s_t0.AddMinutes(15), error), s_t0.AddMinutes(15)).Document;

        var conduit = merged.Sources.Single(s => s.Source == SourceNames.Conduit);
        Assert.Equal(SourceStatusValues.Stale, conduit.Status);
        Assert.Equal(s_t0, conduit.SnapshotAt);
        Assert.Equal(s_t0.AddMinutes(15), conduit.LastAttemptAt);
        Assert.Equal(error, conduit.LastError);
        Assert.Equal(["acct_1"], merged.Accounts.Select(a => a.Id));
    }

    [Fact]
    public void A_failure_without_earlier_data_says_failed()
    {
        var error = new SourceError(UpstreamErrorKind.CredentialsRejected, "threecommas: credentials rejected (HTTP 401)", 401, "signature_invalid");

        var merged = AggregateMerger.Merge(null, Failure(SourceNames.ThreeCommas, s_t0, error), s_t0).Document;

        Assert.Equal(SourceStatusValues.Failed, merged.Sources.Single(s => s.Source == SourceNames.ThreeCommas).Status);
        var alert = Assert.Single(merged.Alerts);
        Assert.Equal(AlertKinds.CredentialsRejected, alert.Kind);
        Assert.Equal(401, alert.HttpStatus);
        Assert.Equal("signature_invalid", alert.ErrorCode);
    }

    [Fact]
    public void A_success_after_rejected_credentials_clears_the_credentials_alert()
    {
        var error = new SourceError(UpstreamErrorKind.CredentialsRejected, "rejected", 401);
        var failed = AggregateMerger.Merge(null, Failure(SourceNames.ThreeCommas, s_t0, error), s_t0).Document;

        var merged = AggregateMerger.Merge(failed, Success(SourceNames.ThreeCommas, s_t0.AddMinutes(15), "1"), s_t0.AddMinutes(15)).Document;

        Assert.DoesNotContain(merged.Alerts, a => a.Kind == AlertKinds.CredentialsRejected);
        Assert.Null(merged.Sources.Single(s => s.Source == SourceNames.ThreeCommas).LastError);
    }

    [Fact]
    public void An_older_slot_finishing_late_never_replaces_newer_data()
    {
        var newer = AggregateMerger.Merge(null, Success(SourceNames.Conduit, s_t0.AddMinutes(15), "acct_new"), s_t0).Document;

        var result = AggregateMerger.Merge(newer, Success(SourceNames.Conduit, s_t0, "acct_old"), s_t0);

        Assert.False(result.DataReplaced);
        Assert.Equal(["acct_new"], result.Document.Accounts.Select(a => a.Id));
        Assert.Equal(s_t0.AddMinutes(15), result.Document.Sources.Single(s => s.Source == SourceNames.Conduit).SnapshotAt);
    }

    [Fact]
    public void Merging_one_source_leaves_the_other_source_untouched()
    {
        var both = AggregateMerger.Merge(null, Success(SourceNames.ThreeCommas, s_t0, "1", "2"), s_t0).Document;
        both = AggregateMerger.Merge(both, Success(SourceNames.Conduit, s_t0, "acct_1"), s_t0).Document;

        var merged = AggregateMerger.Merge(both, Success(SourceNames.Conduit, s_t0.AddMinutes(15), "acct_9"), s_t0).Document;

        Assert.Equal(["acct_9", "1", "2"], merged.Accounts.Select(a => a.Id));
        Assert.Equal(2, merged.Sources.Single(s => s.Source == SourceNames.ThreeCommas).AccountCount);
    }

    [Fact]
    public void An_account_no_longer_flagged_is_reported_as_recovered()
    {
        var flagged = new AlertRecord { Kind = AlertKinds.ExchangeApiKeyInvalid, Source = SourceNames.ThreeCommas, AccountId = "7", State = "expired" };
        var first = AggregateMerger.Merge(null, Success(SourceNames.ThreeCommas, s_t0, "7") with { DataAlerts = [flagged] }, s_t0).Document;

        var result = AggregateMerger.Merge(first, Success(SourceNames.ThreeCommas, s_t0.AddMinutes(15), "7"), s_t0);

        Assert.Equal("7", Assert.Single(result.RecoveredAccounts).Id);
        Assert.Empty(result.Document.Alerts);
    }

    private static SourceRunOutcome Success(string source, DateTimeOffset slot, params string[] ids) => new()
    {
        Source = source,
        Slot = slot,
        Accounts = [.. ids.Select(id => new AccountRecord { Source = source, Id = id })],
    };

    private static SourceRunOutcome Failure(string source, DateTimeOffset slot, SourceError error) => new()
    {
        Source = source,
        Slot = slot,
        Error = error,
    };
}
