namespace AccountSnapshots.Sandbox;

/// <summary>Faults for one API: a queue of one-shot faults (each used by one response) and an optional persistent fault.</summary>
public sealed class SandboxFaults
{
    private readonly Queue<SandboxFault> _queue = new();
    private readonly Lock _gate = new();

    /// <summary>A fault applied to every response once the queue is empty; null for none.</summary>
    public SandboxFault? Persistent { get; set; }

    /// <summary>One-shot faults still waiting.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="fault"/> for its <see cref="SandboxFault.Repeat"/> next responses (or installs it as persistent).</summary>
    public void Enqueue(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Persistent)
        {
            Persistent = fault;
            return;
        }

        lock (_gate)
        {
            for (var i = 0; i < fault.Repeat; i++)
            {
                _queue.Enqueue(fault);
            }
        }
    }

    /// <summary>Removes every queued fault and the persistent one.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _queue.Clear();
        }

        Persistent = null;
    }

    internal SandboxFault? Take()
    {
        lock (_gate)
        {
            if (_queue.TryDequeue(out var fault))
            {
                return fault;
            }
        }

        return Persistent;
    }
}
