namespace AccountSnapshots.Tests.Infrastructure;

/// <summary>
/// A clock tests move by hand, with timers that fire when the clock passes their due time
/// (Microsoft.Extensions.TimeProvider.Testing does not restore here).
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <summary>Timers waiting to fire (tests wait for this to know a background loop is parked on a delay).</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public void Advance(TimeSpan delta) => SetUtcNow(GetUtcNow() + delta);

    public void SetUtcNow(DateTimeOffset value)
    {
        List<FakeTimer> due;
        lock (_gate)
        {
            _now = value;
            due = [.. _timers.Where(t => t.DueAt is { } at && at <= value).OrderBy(t => t.DueAt)];
            foreach (var timer in due)
            {
                timer.DueAt = timer.Period is { } period && period > TimeSpan.Zero ? timer.DueAt + period : null;
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }

            if (dueTime == TimeSpan.Zero)
            {
                owner.SetUtcNow(owner.GetUtcNow());
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
