namespace AccountSnapshots.Tests.Infrastructure;

/// <summary>
/// <see cref="FakeTimeProvider"/> that also says how many of its timers are armed, so a test can wait until a
/// background loop is parked on its delays before it moves the clock (an explicit gate rather than a sleep).
/// </summary>
internal sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _armed;

    public int PendingTimers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountingTimer(this);
        timer.Inner = base.CreateTimer(timer.Fire, (callback, state), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class CountingTimer(TimerCountingTimeProvider owner) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _periodic;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }

            return Inner.Change(dueTime, period);
        }

        public void Fire(object? state)
        {
            lock (_gate)
            {
                if (!_periodic)
                {
                    SetArmed(false);
                }
            }

            var (callback, inner) = ((TimerCallback, object?))state!;
            callback(inner);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                SetArmed(false);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed != _armed)
            {
                _armed = armed;
                Interlocked.Add(ref owner._armed, armed ? 1 : -1);
            }
        }
    }
}
