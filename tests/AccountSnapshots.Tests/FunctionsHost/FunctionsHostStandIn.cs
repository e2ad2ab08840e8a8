using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccountSnapshots.Tests.FunctionsHost.Rpc;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// Plays the Azure Functions host toward the compiled isolated worker at the protocol level: serves the
/// <c>FunctionRpc.EventStream</c> gRPC contract on loopback, starts the worker process with the host's startup
/// arguments and environment, runs the start-up exchange (StartStream, WorkerInitRequest/Response,
/// FunctionsMetadataRequest/FunctionMetadataResponse, FunctionLoadRequest/Response), then invokes timers with a
/// TimerInfo payload and HTTP functions the way the host does with the ASP.NET Core integration: an
/// InvocationRequest over gRPC plus the client's request forwarded to the worker's own HTTP address (the
/// <c>HttpUri</c> capability), tagged with the invocation id. Function keys are checked here, as the host checks
/// them; the worker never sees a request without a valid key.
/// </summary>
internal sealed class FunctionsHostStandIn : IAsyncDisposable
{
    /// <summary>The header the host adds to a forwarded request so the worker can pair it with the InvocationRequest.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    /// <summary>The host's default gRPC message limit (RpcWorkerConstants.DefaultMaxMessageLengthBytes).</summary>
    public const int MaxMessageLength = int.MaxValue;

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RpcLog> _logs = new();
    private readonly ConcurrentQueue<StreamingMessage> _unexpected = new();
    private readonly Dictionary<string, string> _appSettings;
    private readonly FunctionsWorkerBuild _build;
    private readonly WorkerStream _stream;
    private readonly HttpClient _forwarder;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "functions-host-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _server;
    private WorkerProcess? _worker;
    private IReadOnlyList<IndexedFunction> _functions = [];
    private string _routePrefix = "api";

    private FunctionsHostStandIn(FunctionsWorkerBuild build, IReadOnlyDictionary<string, string> appSettings)
    {
        _build = build;
        _appSettings = new Dictionary<string, string>(appSettings, StringComparer.OrdinalIgnoreCase);
        _stream = new WorkerStream(Receive);

        // The host forwards with redirects and cookies off (DefaultHttpProxyService); the response goes back as is.
        _forwarder = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = InvocationTimeout,
        };
    }

    public string WorkerId { get; } = Guid.NewGuid().ToString();

    public string RequestId { get; } = Guid.NewGuid().ToString();

    /// <summary>The key the stand-in accepts for Function-level HTTP functions (<c>?code=</c> or <c>x-functions-key</c>).</summary>
    public string FunctionKey { get; } = "fk-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    public IReadOnlyDictionary<string, string> AppSettings => _appSettings;

    /// <summary>The gRPC address handed to the worker (<c>--functions-uri</c>).</summary>
    public Uri ServerUri { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> WorkerCapabilities { get; private set; } = new Dictionary<string, string>();

    /// <summary>The worker's own HTTP address for the ASP.NET Core integration (its <c>HttpUri</c> capability).</summary>
    public Uri WorkerHttpUri { get; private set; } = null!;

    public IReadOnlyList<IndexedFunction> Functions => _functions;

    /// <summary>Every RpcLog the worker sent over the stream.</summary>
    public IReadOnlyList<RpcLog> Logs => [.. _logs];

    /// <summary>Messages the stand-in had no use for (kept so a test failure can show them).</summary>
    public IReadOnlyList<StreamingMessage> UnexpectedMessages => [.. _unexpected];

    public int WorkerProcessId => _worker?.Id ?? 0;

    public string WorkerOutput => _worker?.Output ?? "";

    public bool WorkerHasExited => _worker?.HasExited ?? true;

    /// <summary>Starts the gRPC endpoint and the worker, and completes the start-up exchange; throws (worker killed) on any failure.</summary>
    public static async Task<FunctionsHostStandIn> StartAsync(
        FunctionsWorkerBuild build, IReadOnlyDictionary<string, string> appSettings, CancellationToken cancellationToken, Action<int>? workerStarted = null)
    {
        var host = new FunctionsHostStandIn(build, appSettings);
        try
        {
            await host.StartCoreAsync(workerStarted, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public IndexedFunction Function(string name) =>
        _functions.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"The worker indexed no function '{name}' (it has: {string.Join(", ", _functions.Select(f => f.Name))}).");

    /// <summary>Fires a timer function as the host does when its schedule occurs (or on a past-due catch-up).</summary>
    public async Task<TimerInvocation> InvokeTimerAsync(string functionName, bool isPastDue, CancellationToken cancellationToken)
    {
        var function = Function(functionName);
        var schedule = TimerSchedule.Resolve(
            function.TriggerProperty("schedule") ?? throw new InvalidOperationException($"{functionName} has no schedule."), _appSettings);
        var now = TimeProvider.System.GetUtcNow();
        var last = schedule.LastOccurrence(now);
        var payload = TimerSchedule.TimerInfoJson(last, schedule.NextOccurrence(now), now, isPastDue);
        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Json = payload } });
        var response = await InvokeAsync(request, cancellationToken);
        return new TimerInvocation(schedule.Expression, last, payload, response);
    }

    /// <summary>
    /// A client's HTTP request to the function app, handled as the host does: route match under the route prefix,
    /// method and key checks, then the InvocationRequest and the forwarded request together.
    /// </summary>
    public async Task<HostHttpResponse> SendAsync(HttpMethod method, string pathAndQuery, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        headers ??= new Dictionary<string, string>();
        var url = new Uri(new Uri("http://127.0.0.1/"), pathAndQuery);
        var path = url.AbsolutePath.Trim('/');
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var function = _functions.FirstOrDefault(f =>
            f.TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase)
            && string.Equals(path, $"{_routePrefix}/{f.TriggerProperty("route") ?? f.Name}".Trim('/'), StringComparison.OrdinalIgnoreCase));
        if (function is null)
        {
            return await HostAnswerAsync(HttpStatusCode.NotFound);
        }

        if (!function.HttpMethods.Contains(method.Method, StringComparer.OrdinalIgnoreCase))
        {
            return await HostAnswerAsync(HttpStatusCode.MethodNotAllowed);
        }

        var authLevel = function.TriggerProperty("authLevel") ?? "Function";
        if (!authLevel.Equals("Anonymous", StringComparison.OrdinalIgnoreCase))
        {
            var key = query["code"] ?? headers.FirstOrDefault(h => h.Key.Equals("x-functions-key", StringComparison.OrdinalIgnoreCase)).Value;
            if (key != FunctionKey)
            {
                return await HostAnswerAsync(HttpStatusCode.Unauthorized);
            }
        }

        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Http = ToRpcHttp(method, url, query, headers) } });
        var queryJson = new JsonObject();
        foreach (var name in query.AllKeys.OfType<string>())
        {
            queryJson[name] = query[name];
        }

        var headersJson = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headersJson[name] = value;
        }

        request.TriggerMetadata["Query"] = new TypedData { Json = queryJson.ToJsonString() };
        request.TriggerMetadata["Headers"] = new TypedData { Json = headersJson.ToJsonString() };

        // The host sends the InvocationRequest first, then forwards the request; the worker pairs them by the id.
        var invocation = InvokeAsync(request, cancellationToken);
        using var forwarded = new HttpRequestMessage(method, new Uri(WorkerHttpUri, url.PathAndQuery));
        foreach (var (name, value) in headers)
        {
            forwarded.Headers.TryAddWithoutValidation(name, value);
        }

        forwarded.Headers.TryAddWithoutValidation(InvocationIdHeader, request.InvocationId);
        using var response = await _forwarder.SendAsync(forwarded, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var invocationResponse = await invocation;
        return new HostHttpResponse(response.StatusCode, response.Headers, response.Content.Headers, body, invocationResponse);
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            if (!worker.HasExited && _pending.TryGetValue("start", out var started) && started.Task.IsCompletedSuccessfully)
            {
                // The host's goodbye: the worker stops its host (flushing what it buffers); the host kills it after
                // the grace period. Either way the process is gone before this returns.
                try
                {
                    _stream.Send(new StreamingMessage { WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(TimeSpan.FromSeconds(5)) } });
                    using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await worker.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    // Killed below.
                }
                catch (InvalidOperationException)
                {
                    // The stream is already closed.
                }
            }

            await worker.DisposeAsync();
        }

        _stream.Complete();
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(CancellationToken.None);
            await server.DisposeAsync();
        }

        _forwarder.Dispose();
        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled();
        }

        try
        {
            if (Directory.Exists(_home))
            {
                Directory.Delete(_home, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run for it would not be.
        }
    }

    private async Task StartCoreAsync(Action<int>? workerStarted, CancellationToken cancellationToken)
    {
        _routePrefix = ReadRoutePrefix(Path.Combine(_build.Directory, "host.json"));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = null;
            options.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(_stream);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcService>();
        await app.StartAsync(cancellationToken);
        _server = app;
        var address = app.Urls.First();
        ServerUri = new Uri(address.TrimEnd('/') + "/");

        // The host's command line (RpcWorkerContext.GetFormattedArguments): the old names and the "functions-"
        // names the current worker reads (--functions-uri etc.), both always passed.
        string[] arguments =
        [
            "--host", ServerUri.Host, "--port", ServerUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", WorkerId, "--requestId", RequestId,
            "--grpcMaxMessageLength", MaxMessageLength.ToString(CultureInfo.InvariantCulture),
            "--functions-uri", ServerUri.AbsoluteUri, "--functions-worker-id", WorkerId,
            "--functions-request-id", RequestId,
            "--functions-grpc-max-message-length", MaxMessageLength.ToString(CultureInfo.InvariantCulture),
        ];

        // The worker inherits the host's environment, where app settings live, plus what the host adds for it.
        // HOME is the app's own, as in Azure: ASP.NET Core keeps its data-protection keys under it, and they must not
        // land in the home folder of whoever runs the tests.
        // TMPDIR too: the Application Insights channel keeps unsent items under the temp folder in a folder named
        // after the app path, not the run, so a shared /var/tmp would feed one run's leftovers (aimed at an ingestion
        // port long gone) to the next run's channel, which then backs off and stops sending.
        Directory.CreateDirectory(Path.Combine(_home, "tmp"));
        var environment = new Dictionary<string, string>(_appSettings, StringComparer.OrdinalIgnoreCase)
        {
            ["FUNCTIONS_WORKER_DIRECTORY"] = _build.Directory,
            ["FUNCTIONS_APPLICATION_DIRECTORY"] = _build.Directory,
            ["AzureWebJobsScriptRoot"] = _build.Directory,
            ["HOME"] = _home,
            ["TMPDIR"] = Path.Combine(_home, "tmp"),
        };
        _worker = WorkerProcess.Start(_build, arguments, environment);
        workerStarted?.Invoke(_worker.Id);

        var start = await WaitAsync("start", StartupTimeout, cancellationToken);
        if (start.StartStream.WorkerId != WorkerId)
        {
            throw new InvalidOperationException($"StartStream carried worker id '{start.StartStream.WorkerId}', expected '{WorkerId}'.");
        }

        var initRequest = new WorkerInitRequest
        {
            HostVersion = "4.1040.100.0",
            WorkerDirectory = _build.Directory,
            FunctionAppDirectory = _build.Directory,
        };

        // What the host advertises (GrpcWorkerChannel.SendWorkerInitRequest): several streams per worker id allowed.
        initRequest.Capabilities["MultiStream"] = "10";
        _stream.Send(new StreamingMessage { RequestId = RequestId, WorkerInitRequest = initRequest });
        var init = (await WaitAsync("init", StartupTimeout, cancellationToken)).WorkerInitResponse;
        EnsureSuccess(init.Result, "WorkerInitResponse");
        WorkerCapabilities = new Dictionary<string, string>(init.Capabilities, StringComparer.Ordinal);
        if (!WorkerCapabilities.TryGetValue("HttpUri", out var httpUri) || !Uri.TryCreate(httpUri, UriKind.Absolute, out var parsedHttpUri))
        {
            throw new InvalidOperationException($"The worker did not report an HttpUri capability (ASP.NET Core integration). Capabilities: {string.Join(", ", WorkerCapabilities)}");
        }

        WorkerHttpUri = parsedHttpUri;

        _stream.Send(new StreamingMessage { RequestId = RequestId, FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = _build.Directory } });
        var metadata = (await WaitAsync("metadata", StartupTimeout, cancellationToken)).FunctionMetadataResponse;
        EnsureSuccess(metadata.Result, "FunctionMetadataResponse");
        if (metadata.UseDefaultMetadataIndexing)
        {
            throw new InvalidOperationException("The worker asked for host indexing (use_default_metadata_indexing); the stand-in only does worker indexing.");
        }

        _functions = [.. metadata.FunctionMetadataResults.Select(IndexedFunction.From)];
        foreach (var function in metadata.FunctionMetadataResults.Where(f => f.Status is not null))
        {
            EnsureSuccess(function.Status, $"indexing of {function.Name}");
        }

        var loads = _functions.Select(f => WaitAsync("load:" + f.FunctionId, StartupTimeout, cancellationToken)).ToList();
        if (WorkerCapabilities.ContainsKey("SupportsLoadResponseCollection"))
        {
            var collection = new FunctionLoadRequestCollection();
            collection.FunctionLoadRequests.AddRange(_functions.Select(f => f.ToLoadRequest()));
            _stream.Send(new StreamingMessage { RequestId = RequestId, FunctionLoadRequestCollection = collection });
        }
        else
        {
            foreach (var function in _functions)
            {
                _stream.Send(new StreamingMessage { RequestId = RequestId, FunctionLoadRequest = function.ToLoadRequest() });
            }
        }

        foreach (var load in await Task.WhenAll(loads))
        {
            EnsureSuccess(load.FunctionLoadResponse.Result, $"FunctionLoadResponse for {load.FunctionLoadResponse.FunctionId}");
        }
    }

    private static InvocationRequest NewInvocation(IndexedFunction function)
    {
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var spanId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = $"00-{traceId}-{spanId}-01", TraceState = "" },
        };
        request.TraceContext.Attributes["OperationName"] = function.Name;
        return request;
    }

    private async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var response = WaitAsync("invoke:" + request.InvocationId, InvocationTimeout, cancellationToken);
        _stream.Send(new StreamingMessage { RequestId = RequestId, InvocationRequest = request });
        return (await response).InvocationResponse;
    }

    private RpcHttp ToRpcHttp(HttpMethod method, Uri url, System.Collections.Specialized.NameValueCollection query, IReadOnlyDictionary<string, string> headers)
    {
        var http = new RpcHttp { Method = method.Method, Url = $"http://localhost:7071{url.PathAndQuery}" };
        var nullable = WorkerCapabilities.ContainsKey("UseNullableValueDictionaryForHttp");
        foreach (var name in query.AllKeys.OfType<string>())
        {
            if (nullable)
            {
                http.NullableQuery[name] = new NullableString { Value = query[name] ?? "" };
            }
            else
            {
                http.Query[name] = query[name] ?? "";
            }
        }

        foreach (var (name, value) in headers)
        {
            if (nullable)
            {
                http.NullableHeaders[name.ToLowerInvariant()] = new NullableString { Value = value };
            }
            else
            {
                http.Headers[name.ToLowerInvariant()] = value;
            }
        }

        return http;
    }

    private static Task<HostHttpResponse> HostAnswerAsync(HttpStatusCode status)
    {
        using var message = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        return Task.FromResult(new HostHttpResponse(status, message.Headers, message.Content.Headers, [], null));
    }

    private void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                break;
            case StreamingMessage.ContentOneofCase.StartStream:
                Complete("start", message);
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                Complete("init", message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                Complete("metadata", message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Complete("load:" + message.FunctionLoadResponse.FunctionId, message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponseCollection:
                foreach (var load in message.FunctionLoadResponseCollection.FunctionLoadResponses)
                {
                    Complete("load:" + load.FunctionId, new StreamingMessage { RequestId = message.RequestId, FunctionLoadResponse = load });
                }

                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete("invoke:" + message.InvocationResponse.InvocationId, message);
                break;
            default:
                _unexpected.Enqueue(message);
                break;
        }
    }

    private void Complete(string key, StreamingMessage message) =>
        _pending.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);

    /// <summary>Waits for the worker's answer, failing at once (with its output) if the worker process exits first.</summary>
    private async Task<StreamingMessage> WaitAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = _pending.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var worker = _worker ?? throw new InvalidOperationException("The worker is not running.");
        var exited = worker.WaitForExitAsync(stop.Token);
        try
        {
            var first = await Task.WhenAny(pending.Task, exited);
            if (first == pending.Task)
            {
                return await pending.Task;
            }

            await exited;
            throw new InvalidOperationException($"The worker process exited while the host waited for '{key}'. Worker output:\n{worker.Output}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No '{key}' from the worker within {timeout.TotalSeconds} s. Worker output:\n{worker.Output}");
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        if (result is null || result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"{what} failed: {result?.Status} {result?.Result} {result?.Exception?.Message} {result?.Exception?.StackTrace}");
        }
    }

    private static string ReadRoutePrefix(string hostJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson));
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
                ? prefix.GetString() ?? ""
                : "api";
    }
}
