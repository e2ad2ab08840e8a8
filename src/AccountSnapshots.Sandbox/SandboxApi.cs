namespace AccountSnapshots.Sandbox;

/// <summary>Runtime state shared by both stand-ins: fault control and the request log.</summary>
public abstract class SandboxApi
{
    private readonly List<SandboxRequest> _requests = [];
    private readonly Lock _gate = new();

    private protected SandboxApi()
    {
    }

    /// <summary>Faults to inject into the next responses of this API.</summary>
    public SandboxFaults Faults { get; } = new();

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<SandboxRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Number of requests received so far.</summary>
    public int RequestCount
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Forgets the request log (faults and data stay).</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    internal SandboxRequest Record(string pathAndQuery, DateTimeOffset time)
    {
        var request = new SandboxRequest(pathAndQuery, time);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }
}
