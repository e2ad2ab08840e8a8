using System.Collections.Concurrent;
using System.Globalization;

namespace AccountSnapshots.Sandbox;

/// <summary>
/// Makes the generated data a function of time (<see cref="SandboxOptions.MovesWithTime"/>): every balance and
/// valuation follows a seeded random walk in 15-minute steps with occasional deposits and withdrawals, and a weekly
/// cycle (so any 7-day window shows each) has a few clients appear and leave, one exchange key expire and be
/// repaired, and one failed Conduit slot. The same seed and moment always give the same bytes.
/// </summary>
internal sealed class SandboxTimeline(int seed)
{
    /// <summary>Step 0 of every walk (a Monday); before it every amount is its base value.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    private const int StepsPerDay = 96;

    // The walk moves at most 1/400 of the base amount per step; it works on at most this many fraction digits and
    // keeps the rest of the upstream's digits as they are, so 44-digit fractions stay exact and whole.
    private const int WalkDigits = 6;

    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The weekly Conduit outage: one 15-minute slot on Friday 06:00 UTC answers a maintenance page.</summary>
    private static readonly TimeSpan OutageStart = TimeSpan.FromDays(4) + TimeSpan.FromHours(6);

    /// <summary>The weekly expiry of account 5's exchange key: Wednesday 03:00 until Thursday 09:00 UTC.</summary>
    private static readonly (TimeSpan From, TimeSpan To) KeyExpired = (TimeSpan.FromDays(2) + TimeSpan.FromHours(3), TimeSpan.FromDays(3) + TimeSpan.FromHours(9));

    /// <summary>The account whose key expires and is repaired every week.</summary>
    public const int ExpiringKeyAccount = 5;

    // Value at the start of each day, per series: a query walks at most one day of steps past the last known day.
    private readonly ConcurrentDictionary<(long Series, long Day), long> _dayStart = new();

    /// <summary>Whether Conduit answers with a maintenance page at <paramref name="asOf"/> (one slot a week).</summary>
    public static bool ConduitDown(DateTimeOffset asOf)
    {
        var phase = WeekPhase(asOf);
        return phase >= OutageStart && phase < OutageStart + Step;
    }

    /// <summary>Whether client <paramref name="index"/> exists at <paramref name="asOf"/>: every tenth client from the 8th joins and leaves within each week.</summary>
    public static bool ClientActive(int index, DateTimeOffset asOf)
    {
        if (index % 10 != 7)
        {
            return true;
        }

        var phase = WeekPhase(asOf);
        var joins = TimeSpan.FromDays(1) + (TimeSpan.FromHours(6) * (index % 5));
        var leaves = TimeSpan.FromDays(5) + (TimeSpan.FromHours(8) * (index % 3));
        return phase >= joins && phase < leaves;
    }

    /// <summary>The key health of account <paramref name="index"/> at <paramref name="asOf"/>, when the timeline decides it.</summary>
    public static (string State, bool Invalid)? KeyState(int index, DateTimeOffset asOf)
    {
        if (index != ExpiringKeyAccount)
        {
            return null;
        }

        var phase = WeekPhase(asOf);
        return phase >= KeyExpired.From && phase < KeyExpired.To ? ("expired", true) : ("ok", false);
    }

    /// <summary>
    /// <paramref name="baseAmount"/> (a plain non-negative decimal) moved along series <paramref name="series"/>'s
    /// walk to <paramref name="asOf"/>, with the same number of fraction digits.
    /// </summary>
    public string Walk(long series, string baseAmount, DateTimeOffset asOf)
    {
        var point = baseAmount.IndexOf('.', StringComparison.Ordinal);
        var integer = point < 0 ? baseAmount : baseAmount[..point];
        var fraction = point < 0 ? "" : baseAmount[(point + 1)..];
        var walked = Math.Min(fraction.Length, WalkDigits);
        var baseUnits = long.Parse(integer + fraction[..walked], NumberStyles.None, CultureInfo.InvariantCulture);
        if (baseUnits == 0)
        {
            return baseAmount;
        }

        var units = UnitsAt(series, baseUnits, StepOf(asOf));
        var digits = units.ToString(CultureInfo.InvariantCulture).PadLeft(walked + 1, '0');
        return walked == 0 && fraction.Length == 0
            ? digits
            : $"{digits[..^walked]}.{digits[^walked..]}{fraction[walked..]}";
    }

    private long UnitsAt(long series, long baseUnits, long step)
    {
        if (step <= 0)
        {
            return baseUnits;
        }

        var day = step / StepsPerDay;
        var known = day;
        long units;
        while (!_dayStart.TryGetValue((series, known), out units))
        {
            if (known == 0)
            {
                units = baseUnits;
                break;
            }

            known--;
        }

        for (var d = known; d < day; d++)
        {
            units = Advance(series, baseUnits, units, (d * StepsPerDay) + 1, (d + 1) * StepsPerDay);
            _dayStart[(series, d + 1)] = units;
        }

        return Advance(series, baseUnits, units, (day * StepsPerDay) + 1, step);
    }

    private long Advance(long series, long baseUnits, long units, long fromStep, long toStep)
    {
        var stepSize = Math.Max(1, baseUnits / 400);
        var transfer = Math.Max(1, baseUnits / 4);
        for (var step = fromStep; step <= toStep; step++)
        {
            var hash = Mix(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ Mix((ulong)series) ^ Mix(unchecked((ulong)step * 0xD1B54A32D192ED03UL)));
            var delta = (long)(hash % (ulong)((2 * stepSize) + 1)) - stepSize;

            // About one deposit or withdrawal per series every five days.
            if ((hash >> 40) % 480 == 0)
            {
                delta += (hash & (1UL << 20)) == 0 ? transfer : -transfer;
            }

            units = Math.Max(0, units + delta);
        }

        return units;
    }

    private static long StepOf(DateTimeOffset asOf) => (long)Math.Floor((asOf - Epoch) / Step);

    private static TimeSpan WeekPhase(DateTimeOffset asOf)
    {
        var ticks = (asOf - Epoch).Ticks % Week.Ticks;
        return TimeSpan.FromTicks(ticks < 0 ? ticks + Week.Ticks : ticks);
    }

    // SplitMix64's finaliser: cheap, and every input bit moves every output bit.
    private static ulong Mix(ulong value)
    {
        value = unchecked((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL);
        value = unchecked((value ^ (value >> 27)) * 0x94D049BB133111EBUL);
        return value ^ (value >> 31);
    }
}
