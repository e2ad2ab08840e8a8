using AccountSnapshots.Storage;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Aggregation;

/// <summary>
/// Sets <c>change24h</c> on a run's totals before they are merged into the aggregate, so it is computed once per
/// written aggregate, never per request. Only the merged source's totals are touched: every other source keeps the
/// values computed when its own snapshot was merged.
/// </summary>
internal sealed class Change24hCalculator(ITotalsBaseline baseline, ILogger<Change24hCalculator> logger)
{
    public async Task<SourceRunOutcome> AddAsync(SourceRunOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Error is not null || outcome.Totals.Count == 0)
        {
            return outcome;
        }

        try
        {
            var past = await baseline.ReadTotalsAtAsync(outcome.Source, Change24h.BaselineAt(outcome.Slot), cancellationToken);
            return outcome with { Totals = Change24h.Apply(outcome.Totals, past) };
        }
        catch (SnapshotStoreException ex)
        {
            // The aggregate matters more than the comparison: it is written with null change24h, the next run retries.
            AggregationLog.Change24hUnavailable(logger, outcome.Source, outcome.Slot, ex.Message);
            return outcome with { Totals = Change24h.Apply(outcome.Totals, null) };
        }
    }
}
