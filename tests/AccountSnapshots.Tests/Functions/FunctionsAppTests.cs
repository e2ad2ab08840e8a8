using System.Text;
using AccountSnapshots.Functions;
using AccountSnapshots.Snapshots;
using AccountSnapshots.Tests.FunctionsHost;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.Functions;

/// <summary>
/// The Functions app's own composition (<see cref="FunctionsApp.Configure"/>, what <c>Program.cs</c> runs): the
/// function classes are created from its container the way the worker activates them, and invoked with a real
/// <see cref="HttpContext"/> and a real <see cref="TimerInfo"/>.
/// </summary>
public sealed class FunctionsAppTests : IAsyncLifetime
{
    private FunctionsAppHost _app = null!;

    public async Task InitializeAsync() => _app = await FunctionsAppHost.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_Conduit_timer_stores_the_snapshot_of_its_schedule_occurrence_and_a_past_due_rerun_stores_nothing_new()
    {
        var functions = ActivatorUtilities.CreateInstance<SnapshotFunctions>(_app.Services);
        var slotPath = Path.Combine(_app.StoreDirectory, SnapshotPaths.Snapshot("conduit", new DateTimeOffset(2026, 11, 21, 6, 45, 0, TimeSpan.Zero)));

        await functions.ConduitSnapshotAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        Assert.True(File.Exists(slotPath), $"the 06:45 Conduit slot was not stored at {slotPath}");
        var first = await File.ReadAllBytesAsync(slotPath);
        var files = Directory.GetFiles(Path.Combine(_app.StoreDirectory, "snapshots"), "*.json", SearchOption.AllDirectories);

        _app.Time.Advance(TimeSpan.FromSeconds(30));
        await functions.ConduitSnapshotAsync(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        Assert.Equal(first, await File.ReadAllBytesAsync(slotPath));
        Assert.Equal(files, Directory.GetFiles(Path.Combine(_app.StoreDirectory, "snapshots"), "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_3Commas_timer_stores_the_slot_of_its_own_offset_schedule()
    {
        var functions = ActivatorUtilities.CreateInstance<SnapshotFunctions>(_app.Services);

        await functions.ThreeCommasSnapshotAsync(new TimerInfo { IsPastDue = true }, CancellationToken.None);

        var slotPath = Path.Combine(_app.StoreDirectory, SnapshotPaths.Snapshot("threecommas", new DateTimeOffset(2026, 11, 21, 6, 37, 0, TimeSpan.Zero)));
        Assert.True(File.Exists(slotPath), $"the 06:37 3Commas slot was not stored at {slotPath}");
        Assert.True(File.Exists(Path.Combine(_app.StoreDirectory, "latest", "aggregate.json")));
    }

    [Fact]
    public async Task GetLatestAccounts_serves_the_stored_aggregate_with_an_ETag_then_304_then_CSV()
    {
        await RunBothTimersAsync();
        var api = ActivatorUtilities.CreateInstance<AccountsApiFunctions>(_app.Services);
        var stored = await File.ReadAllBytesAsync(Path.Combine(_app.StoreDirectory, "latest", "aggregate.json"));

        var ok = await InvokeAsync(api.GetLatestAccountsAsync, "/api/accounts/latest");
        Assert.Equal(StatusCodes.Status200OK, ok.Context.Response.StatusCode);
        Assert.IsType<EmptyResult>(ok.Result);
        Assert.Equal(stored, ok.Body);
        var etag = ok.Context.Response.Headers.ETag.ToString();
        Assert.StartsWith("\"", etag, StringComparison.Ordinal);

        var notModified = await InvokeAsync(api.GetLatestAccountsAsync, "/api/accounts/latest", request => request.Headers.IfNoneMatch = etag);
        Assert.Equal(StatusCodes.Status304NotModified, notModified.Context.Response.StatusCode);
        Assert.Empty(notModified.Body);

        var csv = await InvokeAsync(api.GetLatestAccountsAsync, "/api/accounts/latest", request => request.QueryString = new QueryString("?format=csv"));
        Assert.Equal(StatusCodes.Status200OK, csv.Context.Response.StatusCode);
        Assert.StartsWith("text/csv", csv.Context.Response.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("source,accountId,clientId,name,asset,network,amount,status,snapshotAt", Encoding.UTF8.GetString(csv.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHealth_reports_each_source_without_balances()
    {
        await RunBothTimersAsync();
        var api = ActivatorUtilities.CreateInstance<AccountsApiFunctions>(_app.Services);

        var health = await InvokeAsync(api.GetHealthAsync, "/api/health");

        Assert.Equal(StatusCodes.Status200OK, health.Context.Response.StatusCode);
        var text = Encoding.UTF8.GetString(health.Body);
        Assert.Contains("\"conduit\"", text, StringComparison.Ordinal);
        Assert.Contains("\"threecommas\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("amount", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_alert_events_reach_Application_Insights_with_every_field_the_alert_queries_read()
    {
        await RunBothTimersAsync();

        foreach (var (eventName, fields) in AlertQueryFields())
        {
            if (eventName == "CredentialsRejected")
            {
                // The sandbox accepts our credentials; rejected ones are covered below with a second run.
                continue;
            }

            var trace = Assert.Single(_app.Telemetry.Events(eventName).Take(1));
            foreach (var field in fields)
            {
                Assert.True(trace.Properties.ContainsKey(field), $"{eventName} reached Application Insights without customDimensions.{field}");
            }
        }
    }

    [Fact]
    public async Task CredentialsRejected_reaches_Application_Insights_with_every_field_its_alert_query_reads()
    {
        _app.Sandbox.Conduit.Faults.Persistent = new AccountSnapshots.Sandbox.SandboxFault { Kind = AccountSnapshots.Sandbox.SandboxFaultKind.Status, StatusCode = StatusCodes.Status401Unauthorized };
        var functions = ActivatorUtilities.CreateInstance<SnapshotFunctions>(_app.Services);

        // The function succeeds although the source failed: the failure is recorded, and a host retry would not help.
        await functions.ConduitSnapshotAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);

        var fields = AlertQueryFields()["CredentialsRejected"];
        var trace = Assert.Single(_app.Telemetry.Events("CredentialsRejected").Take(1));
        foreach (var field in fields)
        {
            Assert.True(trace.Properties.ContainsKey(field), $"CredentialsRejected reached Application Insights without customDimensions.{field}");
        }
    }

    [Fact]
    public void ASP_NET_Core_request_lines_which_carry_a_code_query_never_reach_Application_Insights()
    {
        var loggers = _app.Services.GetRequiredService<ILoggerFactory>();
        var requestLog = loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        var ownLog = loggers.CreateLogger("AccountSnapshots.Api.AccountsApiHandler");

        // The exact shape of ASP.NET Core's "Request starting" line, and a line of ours as the control.
        requestLog.Log(LogLevel.Information, new EventId(1, "RequestStarting"), "Request starting HTTP/1.1 GET http://localhost/api/accounts/latest?code=function-key-0123456789 - - -", null, (state, _) => state);
        ownLog.Log(LogLevel.Information, new EventId(1, "Control"), "control line reaches Application Insights", null, (state, _) => state);

        Assert.Contains(_app.Telemetry.Traces, t => t.Message.Contains("control line", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Telemetry.Traces, t => t.Message.Contains("code=", StringComparison.Ordinal));
    }

    [Fact]
    public void The_built_functions_metadata_declares_the_contracted_functions_triggers_routes_and_levels()
    {
        // The same build output the host stand-in starts (it fails with "build the solution first" when missing).
        var functions = FunctionsMetadata.Read(Path.Combine(FunctionsWorkerBuild.Locate().Directory, "functions.metadata"));

        Assert.Equal(["ConduitSnapshot", "GetAccountsChanges", "GetAccountsHistory", "GetDashboard", "GetEvents", "GetHealth", "GetLatestAccounts", "GetOpenApi", "ThreeCommasSnapshot"], functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "dashboard", AuthLevel: "Function", Methods: "get,head"), functions["GetDashboard"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "openapi.json", AuthLevel: "Anonymous", Methods: "get,head"), functions["GetOpenApi"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "accounts/history", AuthLevel: "Function", Methods: "get,head"), functions["GetAccountsHistory"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "accounts/changes", AuthLevel: "Function", Methods: "get,head"), functions["GetAccountsChanges"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "events", AuthLevel: "Function", Methods: "get,head"), functions["GetEvents"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "accounts/latest", AuthLevel: "Function", Methods: "get,head"), functions["GetLatestAccounts"]);
        Assert.Equal(new FunctionsMetadata.Trigger("httpTrigger", Route: "health", AuthLevel: "Anonymous", Methods: "get,head"), functions["GetHealth"]);
        Assert.Equal(new FunctionsMetadata.Trigger("timerTrigger", Schedule: "%ConduitSnapshotSchedule%", RunOnStartup: false), functions["ConduitSnapshot"]);
        Assert.Equal(new FunctionsMetadata.Trigger("timerTrigger", Schedule: "%ThreeCommasSnapshotSchedule%", RunOnStartup: false), functions["ThreeCommasSnapshot"]);
    }

    /// <summary>The alert queries' fields, read out of <c>infra/app/alerts.bicep</c> (a rename on either side fails).</summary>
    private static IReadOnlyDictionary<string, IReadOnlyList<string>> AlertQueryFields()
    {
        var queries = AlertQueries.Read();
        Assert.Equal(["CredentialsRejected", "ExchangeApiKeyInvalid", "SnapshotSucceeded"], queries.Keys.Order(StringComparer.Ordinal));
        return queries;
    }

    private async Task RunBothTimersAsync()
    {
        var functions = ActivatorUtilities.CreateInstance<SnapshotFunctions>(_app.Services);
        await functions.ConduitSnapshotAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);
        await functions.ThreeCommasSnapshotAsync(new TimerInfo { IsPastDue = false }, CancellationToken.None);
    }

    private async Task<Invocation> InvokeAsync(Func<HttpRequest, Task<IActionResult>> function, string path, Action<HttpRequest>? arrange = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("app.azurewebsites.net");
        context.Request.Path = path;
        using var body = new MemoryStream();
        context.Response.Body = body;
        arrange?.Invoke(context.Request);

        var result = await function(context.Request);
        await context.Response.CompleteAsync();
        return new Invocation(context, result, body.ToArray());
    }




    private sealed record Invocation(HttpContext Context, IActionResult Result, byte[] Body);
}
