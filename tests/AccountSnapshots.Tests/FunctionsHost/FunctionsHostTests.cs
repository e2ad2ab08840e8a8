using System.Net;
using System.Text;
using System.Text.Json;
using AccountSnapshots.Api;
using AccountSnapshots.Serialization;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.FunctionsHost.Rpc;
using AccountSnapshots.Upstream;
using Azure.Storage.Blobs;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The built Functions app run as the Functions host runs it: the real worker process over the worker gRPC
/// protocol, timers fired with the host's TimerInfo, HTTP forwarded through the ASP.NET Core integration, and
/// telemetry caught at the Application Insights ingestion contract.
/// </summary>
public sealed class FunctionsHostTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    private static readonly TimeSpan TelemetryTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_worker_indexes_four_functions_and_GetLatestAccounts_declares_Function_level_auth()
    {
        var host = fixture.Healthy.Host;

        Assert.Equal(["ConduitSnapshot", "GetHealth", "GetLatestAccounts", "ThreeCommasSnapshot"], host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Function", host.Function("GetLatestAccounts").TriggerProperty("authLevel"));
        Assert.Equal("Anonymous", host.Function("GetHealth").TriggerProperty("authLevel"));
        Assert.Equal("%ConduitSnapshotSchedule%", host.Function("ConduitSnapshot").TriggerProperty("schedule"));
        Assert.Equal("%ThreeCommasSnapshotSchedule%", host.Function("ThreeCommasSnapshot").TriggerProperty("schedule"));
        Assert.True(host.WorkerCapabilities.ContainsKey("HttpUri"), "The ASP.NET Core integration reports the worker's HTTP address at init.");

        // The function key is checked by the host, never by the worker: without it the host answers 401 itself and
        // sends the worker nothing. Our code can only declare the level, which the assertion above pins.
        var refused = await host.SendAsync(HttpMethod.Get, "/api/accounts/latest", null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Null(refused.Invocation);
    }

    [Fact]
    public async Task Both_timers_store_a_snapshot_in_Azurite_for_the_slot_the_host_fired()
    {
        var runs = await fixture.FirstRunsAsync();

        foreach (var (source, schedule) in new[] { (SourceNames.Conduit, FunctionAppUnderTest.ConduitSchedule), (SourceNames.ThreeCommas, FunctionAppUnderTest.ThreeCommasSchedule) })
        {
            var run = runs[source];
            Assert.Equal(schedule, run.Schedule); // %…Schedule% resolved from the app settings, as the host does.
            Assert.Equal(StatusResult.Types.Status.Success, run.Response.Result.Status);
            using var document = JsonDocument.Parse(await DownloadAsync(fixture.Healthy.Blobs, SnapshotPaths.Snapshot(source, run.Occurrence)));
            Assert.Equal(source, document.RootElement.GetProperty("source").GetString());
            Assert.Equal(run.Occurrence, document.RootElement.GetProperty("slot").GetDateTimeOffset());
            Assert.Equal("ok", document.RootElement.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_second_invocation_of_the_same_slot_stores_nothing_new()
    {
        var runs = await fixture.FirstRunsAsync();
        var app = fixture.Healthy;
        var before = await ListAsync(app.Blobs);

        // A past-due catch-up of the slot already served (the host fires one after a restart).
        var conduit = await app.Host.InvokeTimerAsync("ConduitSnapshot", isPastDue: true, CancellationToken.None);
        var threeCommas = await app.Host.InvokeTimerAsync("ThreeCommasSnapshot", isPastDue: true, CancellationToken.None);

        Assert.Equal(runs[SourceNames.Conduit].Occurrence, conduit.Occurrence);
        Assert.Equal(runs[SourceNames.ThreeCommas].Occurrence, threeCommas.Occurrence);
        Assert.Equal(StatusResult.Types.Status.Success, conduit.Response.Result.Status);
        Assert.Equal(StatusResult.Types.Status.Success, threeCommas.Response.Result.Status);
        Assert.Equal(before, await ListAsync(app.Blobs));
        foreach (var source in SourceNames.All)
        {
            await app.Ingestion.WaitForAsync(e => IsEvent(e, "SnapshotAlreadyTaken", source), TelemetryTimeout, $"SnapshotAlreadyTaken for {source}");
        }
    }

    [Fact]
    public async Task An_invocation_succeeds_when_its_source_fails_and_the_failure_is_stored()
    {
        var run = (await fixture.FirstRunsAsync())["failing-" + SourceNames.Conduit];

        // A failed run is recorded in the store, not reported to the host: a Failure would make the host retry.
        Assert.Equal(StatusResult.Types.Status.Success, run.Response.Result.Status);
        using var document = JsonDocument.Parse(await DownloadAsync(fixture.Failing.Blobs, SnapshotPaths.Snapshot(SourceNames.Conduit, run.Occurrence)));
        Assert.Equal("failed", document.RootElement.GetProperty("status").GetString());
        Assert.Equal(401, document.RootElement.GetProperty("error").GetProperty("httpStatus").GetInt32());
        Assert.Contains(fixture.Failing.Sandbox.Conduit.Requests, r => r.StatusCode == 401);
    }

    [Fact]
    public async Task GET_latest_through_the_worker_returns_the_stored_aggregate_byte_for_byte_with_its_ETag()
    {
        await fixture.FirstRunsAsync();
        var app = fixture.Healthy;
        var stored = await DownloadAsync(app.Blobs, SnapshotPaths.Aggregate);

        var response = await app.Host.SendAsync(HttpMethod.Get, "/api/accounts/latest?code=" + app.Host.FunctionKey, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(stored, response.Body);
        Assert.Equal(AggregateSnapshot.ComputeETag(stored), response.Headers.ETag?.ToString());
        Assert.Equal("application/json", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal(StatusResult.Types.Status.Success, response.Invocation!.Result.Status);
        using var document = JsonDocument.Parse(stored);
        Assert.All(document.RootElement.GetProperty("sources").EnumerateArray(), s => Assert.Equal("ok", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task GET_latest_answers_304_to_a_matching_If_None_Match()
    {
        await fixture.FirstRunsAsync();
        var host = fixture.Healthy.Host;
        var first = await host.SendAsync(HttpMethod.Get, "/api/accounts/latest", new Dictionary<string, string> { ["x-functions-key"] = host.FunctionKey }, CancellationToken.None);
        var eTag = first.Headers.ETag?.ToString() ?? throw new InvalidOperationException("No ETag on the first response.");

        var second = await host.SendAsync(
            HttpMethod.Get, "/api/accounts/latest", new Dictionary<string, string> { ["x-functions-key"] = host.FunctionKey, ["If-None-Match"] = eTag }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(second.Body);
        Assert.Equal(eTag, second.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task GET_latest_as_CSV_is_the_stored_aggregate_written_as_CSV()
    {
        await fixture.FirstRunsAsync();
        var app = fixture.Healthy;
        var stored = JsonSerializer.Deserialize(await DownloadAsync(app.Blobs, SnapshotPaths.Aggregate), AccountSnapshotsJsonContext.Default.AggregateDocument)!;

        var response = await app.Host.SendAsync(HttpMethod.Get, "/api/accounts/latest?format=csv&code=" + app.Host.FunctionKey, null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal(AggregateCsvWriter.Write(stored), response.Body);
        Assert.StartsWith(AggregateCsvWriter.Header, Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GET_health_answers_without_a_function_key()
    {
        await fixture.FirstRunsAsync();

        var response = await fixture.Healthy.Host.SendAsync(HttpMethod.Get, "/api/health", null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StatusResult.Types.Status.Success, response.Invocation!.Result.Status);
        using var document = JsonDocument.Parse(response.Body);
        Assert.Equal(
            SourceNames.All.Order(StringComparer.Ordinal),
            document.RootElement.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Telemetry_envelopes_carry_every_field_the_alert_queries_read()
    {
        var queries = AlertQueries.Read();
        await fixture.FirstRunsAsync();
        var cases = new (string EventName, FunctionAppUnderTest App, string Source)[]
        {
            ("ExchangeApiKeyInvalid", fixture.Healthy, SourceNames.ThreeCommas),
            ("SnapshotSucceeded", fixture.Healthy, SourceNames.Conduit),
            ("SnapshotSucceeded", fixture.Healthy, SourceNames.ThreeCommas),
            ("CredentialsRejected", fixture.Failing, SourceNames.Conduit),
        };

        foreach (var (eventName, app, source) in cases)
        {
            Assert.True(queries.TryGetValue(eventName, out var fields), $"{AlertQueries.RelativePath} has no query on {eventName}.");
            Assert.NotEmpty(fields);
            var envelope = await app.Ingestion.WaitForAsync(e => IsEvent(e, eventName, source), TelemetryTimeout, $"{eventName} for {source}");
            var dimensions = envelope.GetProperty("data").GetProperty("baseData").GetProperty("properties");
            foreach (var field in fields)
            {
                Assert.True(
                    dimensions.TryGetProperty(field, out var value) && !string.IsNullOrEmpty(value.GetString()),
                    $"{eventName} reaches Application Insights without customDimensions.{field}, which its alert query reads. Dimensions: {dimensions}");
            }
        }

        var rejected = (await fixture.Failing.Ingestion.WaitForAsync(e => IsEvent(e, "CredentialsRejected", SourceNames.Conduit), TelemetryTimeout, "CredentialsRejected"))
            .GetProperty("data").GetProperty("baseData").GetProperty("properties");
        Assert.Equal("401", rejected.GetProperty("HttpStatus").GetString());
        var invalid = fixture.Healthy.Ingestion.EventTraces("ExchangeApiKeyInvalid").Select(d => d.GetProperty("AccountId").GetString()).ToList();
        Assert.Contains(fixture.Healthy.Sandbox.ThreeCommas.AccountId(1).ToString(System.Globalization.CultureInfo.InvariantCulture), invalid);
    }

    [Fact]
    public async Task No_envelope_and_no_worker_log_carries_a_function_key_or_a_credential()
    {
        await fixture.FirstRunsAsync();
        foreach (var app in new[] { fixture.Healthy, fixture.Failing })
        {
            // A client sending the key in the query string, as Function-level callers do: the host forwards the URL
            // as is, so the worker sees ?code= too.
            var response = await app.Host.SendAsync(HttpMethod.Get, "/api/accounts/latest?code=" + app.Host.FunctionKey, null, CancellationToken.None);
            Assert.Equal(StatusResult.Types.Status.Success, response.Invocation!.Result.Status);
            await app.Ingestion.WaitForAsync(
                e => Message(e)?.Contains("Executed endpoint 'GetLatestAccounts'", StringComparison.Ordinal) == true, TelemetryTimeout, "the end of the GetLatestAccounts request");

            var sources = new List<(string Where, string Text)>();
            sources.AddRange(app.Ingestion.Bodies.Select(b => ("ingestion", b)));
            sources.AddRange(app.Host.Logs.Select(l => ("RpcLog", $"{l.Category} {l.Message} {l.Properties} {string.Join(" ", l.PropertiesMap.Values)} {l.Exception}")));
            sources.Add(("worker console", app.Host.WorkerOutput));
            Assert.NotEmpty(app.Ingestion.Bodies);
            Assert.NotEmpty(app.Host.Logs);
            foreach (var (where, text) in sources)
            {
                Assert.DoesNotContain("code=" + app.Host.FunctionKey, text, StringComparison.Ordinal);
                foreach (var secret in app.Secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret ({secret[..Math.Min(6, secret.Length)]}…) leaked in {where}: {Excerpt(text, secret)}");
                }
            }
        }
    }

    [Fact]
    public async Task The_stand_in_leaves_no_worker_process_behind_after_a_failed_or_a_normal_start()
    {
        // A start the worker refuses (an invalid schedule fails options validation at start-up).
        var broken = fixture.Healthy.AppSettings();
        broken["ConduitSnapshotSchedule"] = "not a schedule";
        var started = new List<int>();
        var error = await Assert.ThrowsAnyAsync<Exception>(() => FunctionsHostStandIn.StartAsync(fixture.Build, broken, CancellationToken.None, started.Add));
        Assert.Contains("ConduitSnapshotSchedule", error.Message, StringComparison.Ordinal);
        Assert.False(IsRunning(Assert.Single(started)), "The worker of a failed start is still running.");

        // A start that works, then the fixture's normal stop.
        started.Clear();
        var host = await FunctionsHostStandIn.StartAsync(fixture.Build, fixture.Healthy.AppSettings(), CancellationToken.None, started.Add);
        Assert.True(IsRunning(host.WorkerProcessId));
        await host.DisposeAsync();
        Assert.False(IsRunning(Assert.Single(started)), "The worker is still running after the stand-in stopped.");
    }

    private static bool IsEvent(JsonElement envelope, string eventName, string source) =>
        envelope.TryGetProperty("data", out var data)
        && data.TryGetProperty("baseData", out var baseData)
        && baseData.TryGetProperty("properties", out var properties)
        && properties.TryGetProperty("EventName", out var name) && name.GetString() == eventName
        && properties.TryGetProperty("Source", out var s) && s.GetString() == source;

    private static string? Message(JsonElement envelope) =>
        envelope.TryGetProperty("data", out var data) && data.TryGetProperty("baseData", out var baseData) && baseData.TryGetProperty("message", out var message)
            ? message.GetString()
            : null;

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var start = Math.Max(0, at - 120);
        return text[start..Math.Min(text.Length, at + 40)].Replace(secret, "<secret>", StringComparison.Ordinal);
    }

    private static async Task<byte[]> DownloadAsync(BlobContainerClient container, string path) =>
        (await container.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToArray();

    private static async Task<Dictionary<string, string>> ListAsync(BlobContainerClient container)
    {
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync())
        {
            blobs[blob.Name] = blob.Properties.ETag?.ToString() ?? "";
        }

        return blobs;
    }
}
