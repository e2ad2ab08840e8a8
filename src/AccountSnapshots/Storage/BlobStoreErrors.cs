using System.Net;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace AccountSnapshots.Storage;

/// <summary>
/// How the Blob store reads the SDK's answers: which failures are a lost condition (create-if-absent, If-Match), which
/// are the store failing, and how a failure and the container are named without any request detail or secret.
/// </summary>
internal static class BlobStoreErrors
{
    public static bool IsConditionFailure(RequestFailedException ex, StoreConditionKind kind) => kind switch
    {
        StoreConditionKind.IfAbsent => ex.Status == (int)HttpStatusCode.PreconditionFailed
            || (ex.Status == (int)HttpStatusCode.Conflict && ex.ErrorCode == BlobErrorCode.BlobAlreadyExists.ToString()),
        StoreConditionKind.IfMatch => ex.Status == (int)HttpStatusCode.PreconditionFailed
            || (ex.Status == (int)HttpStatusCode.NotFound && ex.ErrorCode == BlobErrorCode.BlobNotFound.ToString()),
        _ => false,
    };

    // The caller's own cancellation propagates as is; everything else the SDK throws is the store failing.
    public static bool IsInfrastructureFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        RequestFailedException or AggregateException or IOException or HttpRequestException or TimeoutException => true,
        _ => false,
    };

    /// <summary>The store as logs and messages name it: container, host and account path, never a SAS query.</summary>
    public static string Describe(BlobContainerClient container) =>
        $"blob {container.Name} @ {WithoutQuery(container.Uri).GetLeftPart(UriPartial.Authority)}{AccountPath(container)}";

    /// <summary>The HTTP status and error code of a failure when the service answered, and the reason to show.</summary>
    public static (int? Status, string? ErrorCode, string Reason) Explain(Exception ex)
    {
        var status = (ex as RequestFailedException)?.Status is > 0 and var s ? s : (int?)null;
        var errorCode = (ex as RequestFailedException)?.ErrorCode;
        var reason = status is { } code
            ? $"HTTP {code}{(errorCode is null ? "" : $" {errorCode}")}"
            : $"storage unreachable ({Cause(ex)})";
        return (status, errorCode, reason);
    }

    // The innermost transport error says what happened (connection refused, timeout) without any request detail.
    private static string Cause(Exception ex)
    {
        var inner = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions[^1] : ex;
        while (inner.InnerException is not null && inner is not System.Net.Sockets.SocketException)
        {
            inner = inner.InnerException;
        }

        return inner is OperationCanceledException or TimeoutException ? "timed out" : inner.Message;
    }

    private static Uri WithoutQuery(Uri uri) => new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty }.Uri;

    // Azurite and other path-style endpoints carry the account in the path (http://127.0.0.1:10000/devstoreaccount1).
    private static string AccountPath(BlobContainerClient client)
    {
        var path = WithoutQuery(client.Uri).AbsolutePath.TrimEnd('/');
        var lastSlash = path.LastIndexOf('/');
        return lastSlash > 0 ? path[..lastSlash] : string.Empty;
    }
}
