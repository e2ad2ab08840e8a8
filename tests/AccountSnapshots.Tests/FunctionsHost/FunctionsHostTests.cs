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
public sealed partial class FunctionsHostTests(FunctionsHostFixture fixture) : IClassFixture<FunctionsHostFixture>
{
    // Generous for a loaded machine; a passing test returns as soon as the envelope arrives.
    private static readonly TimeSpan TelemetryTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_worker_indexes_every_function_and_the_dashboard_routes_declare_Function_level_auth()
    {
        var host = fixture.Healthy.Host;

        Assert.Equal(["ConduitSnapshot", "GetAccountsChanges", "GetAccountsHistory", "GetDashboard", "GetEvents", "GetHealth", "GetLatestAccounts", "GetOpenApi", "ThreeCommasSnapshot"], host.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Function", host.Function("GetLatestAccounts").TriggerProperty("authLevel"));
        Assert.Equal("Function", host.Function("GetAccountsHistory").TriggerProperty("authLevel"));
        Assert.Equal("Function", host.Function("GetAccountsChanges").TriggerProperty("authLevel"));
        Assert.Equal("Function", host.Function("GetEvents").TriggerProperty("authLevel"));
        Assert.Equal("Anonymous", host.Function("GetHealth").TriggerProperty("authLevel"));
        Assert.Equal("Function", host.Function("GetDashboard").TriggerProperty("authLevel"));
        Assert.Equal("Anonymous", host.Function("GetOpenApi").TriggerProperty("authLevel"));
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
            Assert.True(run.Response.Result.Status == StatusResult.Types.Status.Success, $"{source}: {run.Response.Result}");
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
    public async Task History_changes_and_events_answer_through_the_worker_from_what_the_timers_stored()
    {
        var runs = await fixture.FirstRunsAsync();
        var app = fixture.Healthy;
        var slot = runs[SourceNames.Conduit].Occurrence;
        var range = $"from={slot.ToUnixTimeMilliseconds()}&to={slot.AddDays(1).ToUnixTimeMilliseconds()}&code={app.Host.FunctionKey}";

        var history = await app.Host.SendAsync(HttpMethod.Get, "/api/accounts/history?" + range, null, CancellationToken.None);
        var events = await app.Host.SendAsync(HttpMethod.Get, "/api/events?" + range, null, CancellationToken.None);
        // Changes compare the balances as of `from` with those as of `to`: from after both timers' slots (00:00 and
        // 00:07), so each source has a snapshot at or before it. (A source with none makes the look-back scan up to
        // Api:MaxHistoryDays of days on Blob: minutes under load, noted as a known cost.)
        var afterBoth = slot.AddMinutes(10);
        var changes = await app.Host.SendAsync(
            HttpMethod.Get, $"/api/accounts/changes?from={afterBoth.ToUnixTimeMilliseconds()}&to={slot.AddDays(1).ToUnixTimeMilliseconds()}&code={app.Host.FunctionKey}", null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        using var rows = JsonDocument.Parse(history.Body);
        Assert.Contains(rows.RootElement.EnumerateArray(), r =>
            r.GetProperty("source").GetString() == SourceNames.Conduit && r.GetProperty("time").GetDateTimeOffset() == slot);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        using var timeline = JsonDocument.Parse(events.Body);
        var expired = app.Sandbox.ThreeCommas.AccountId(1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(timeline.RootElement.EnumerateArray(), e =>
            e.GetProperty("kind").GetString() == "exchangeApiKeyInvalid" && e.GetProperty("accountId").GetString() == expired);
        Assert.Equal(HttpStatusCode.OK, changes.StatusCode);
        using var moved = JsonDocument.Parse(changes.Body);
        Assert.Equal(JsonValueKind.Array, moved.RootElement.ValueKind);
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
            static bool IsEndOfRequest(JsonElement e) => Message(e)?.Contains("Executed endpoint 'GetLatestAccounts'", StringComparison.Ordinal) == true;
            var earlier = app.Ingestion.Envelopes.Count(IsEndOfRequest);
            var response = await app.Host.SendAsync(HttpMethod.Get, "/api/accounts/latest?code=" + app.Host.FunctionKey, null, CancellationToken.None);
            Assert.Equal(StatusResult.Types.Status.Success, response.Invocation!.Result.Status);

            // This request's own last trace, so everything the worker logged for it before has been sent too.
            await app.Ingestion.WaitForAsync(
                e => IsEndOfRequest(e) && app.Ingestion.Envelopes.Count(IsEndOfRequest) > earlier, TelemetryTimeout, "the end of this GetLatestAccounts request");

            var sources = new List<(string Where, string Text)>();
            sources.AddRange(app.Ingestion.Bodies.Select(b => ("ingestion", b)));
            sources.AddRange(app.Host.Logs.Select(l => ("RpcLog", $"{l.Category} {l.Message} {l.Properties} {string.Join(" ", l.PropertiesMap.Values)} {l.Exception}")));
            sources.Add(("worker console", app.Host.WorkerOutput));
            Assert.NotEmpty(app.Ingestion.Bodies);
            Assert.NotEmpty(app.Host.Logs);
            foreach (var (where, text) in sources)
            {
                foreach (var secret in app.Secrets.Prepend("code=" + app.Host.FunctionKey))
                {
                    if (text.Contains(secret, StringComparison.Ordinal))
                    {
                        Assert.Fail($"A secret ({secret[..Math.Min(6, secret.Length)]}…) leaked in {where}: {Excerpt(text, secret)}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task A_start_that_fails_midway_kills_the_worker_it_started()
    {
        // The worker is up and dialling the stand-in when the start is abandoned (here: cancelled the moment the
        // process exists); whatever fails during start-up, the stand-in must not leave the process behind. The
        // normal path (fixture disposal) is checked by the fixture itself.
        using var abandon = new CancellationTokenSource();
        var started = new List<int>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FunctionsHostStandIn.StartAsync(
            fixture.Build, fixture.Healthy.AppSettings(), abandon.Token, id =>
            {
                started.Add(id);
                abandon.Cancel();
            }));

        Assert.False(FunctionsHostFixture.IsRunning(Assert.Single(started)), "The worker of an abandoned start is still running.");
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

    private static string Excerpt(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        var after = at + secret.Length;
        return text[Math.Max(0, at - 160)..at] + "<secret>" + text[after..Math.Min(text.Length, after + 60)];
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
