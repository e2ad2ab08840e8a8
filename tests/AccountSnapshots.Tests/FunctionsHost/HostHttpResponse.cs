using System.Net;
using System.Net.Http.Headers;
using AccountSnapshots.Tests.FunctionsHost.Rpc;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// What the host answers a client: the worker's HTTP response as forwarded back, and the worker's InvocationResponse
/// for the same invocation (null when the host answered itself, e.g. 401 for a missing function key).
/// </summary>
internal sealed record HostHttpResponse(
    HttpStatusCode StatusCode,
    HttpResponseHeaders Headers,
    HttpContentHeaders ContentHeaders,
    byte[] Body,
    InvocationResponse? Invocation);
