using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AccountSnapshots.Sandbox;

/// <summary>Runtime state shared by both stand-ins: fault control and the request log.</summary>
public abstract class SandboxApi
{
    private readonly List<SandboxRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _count;

    private protected SandboxApi(int seed, int count, SandboxTimeline? timeline)
    {
        Seed = seed;
        _count = count;
        Timeline = timeline;
    }

    /// <summary>The seed every generated value derives from.</summary>
    private protected int Seed { get; }

    /// <summary>The data that moves with time; null when it stands still.</summary>
    private protected SandboxTimeline? Timeline { get; }

    /// <summary>Clients or accounts served; tests change it while requests run, hence the volatile access.</summary>
    private protected int Count
    {
        get => Volatile.Read(ref _count);
        set => Volatile.Write(ref _count, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
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

    /// <summary>The request header the request log keeps as <see cref="SandboxRequest.ModeHeader"/>.</summary>
    internal abstract string ModeHeaderName { get; }

    /// <summary>A 200 body that is not valid JSON (the <c>malformed</c> fault).</summary>
    internal abstract string MalformedBody { get; }

    /// <summary>The first bytes of a good body (the <c>cut</c> fault sends them and drops the connection).</summary>
    internal abstract string BodyStart { get; }

    /// <summary>This API's error body for an HTTP status, as the real API words it.</summary>
    internal abstract string ErrorBody(int status);

    /// <summary>Writes the whole good response for <paramref name="query"/> (the <c>truncated</c> fault sends half).</summary>
    internal abstract Task WriteWholeAsync(Utf8JsonWriter writer, IQueryCollection query, DateTimeOffset asOf, CancellationToken cancellationToken);

    /// <summary>Answers a request that no fault took over: the auth checks, then the data as of <paramref name="time"/>.</summary>
    internal abstract Task ServeAsync(HttpContext context, string target, DateTimeOffset time, SandboxOptions options);
}
