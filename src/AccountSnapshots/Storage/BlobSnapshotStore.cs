using System.Net;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace AccountSnapshots.Storage;

/// <summary>
/// <see cref="ISnapshotStore"/> over one Azure Blob container. Conditions map to <c>If-None-Match: *</c> and
/// <c>If-Match</c>, so the service itself arbitrates races between processes.
/// </summary>
internal sealed class BlobSnapshotStore(BlobContainerClient container, ILogger<BlobSnapshotStore> logger) : ISnapshotStore, IDisposable
{
    private const string ContentType = "application/json; charset=utf-8";

    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    // The container URI without its query: a SAS must never reach a message or a log.
    public string Description { get; } = BlobStoreErrors.Describe(container);

    /// <summary>Builds the store from validated options: a connection string, or the service URI with <paramref name="credential"/>.</summary>
    public static BlobSnapshotStore Create(StorageOptions options, Func<TokenCredential> credential, ILogger<BlobSnapshotStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        var clientOptions = CreateClientOptions(options);
        var service = !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.ServiceUri ?? throw new InvalidOperationException("Storage:ServiceUri or Storage:ConnectionString must be set for the blob store"), credential(), clientOptions);
        return new BlobSnapshotStore(service.GetBlobContainerClient(options.Container), logger);
    }

    /// <summary>The SDK client options the settings describe (retries and per-attempt timeout).</summary>
    public static BlobClientOptions CreateClientOptions(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        return clientOptions;
    }

    public async Task<StoreWriteResult> WriteAsync(string path, Stream content, StoreCondition condition, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(condition);

        // Buffered so the SDK can resend the same bytes on a retry; snapshots are small.
        var data = await BinaryData.FromStreamAsync(content, cancellationToken);
        await EnsureContainerAsync(path, cancellationToken);

        var uploadOptions = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ContentType },
            Conditions = condition.Kind switch
            {
                StoreConditionKind.IfAbsent => new BlobRequestConditions { IfNoneMatch = ETag.All },
                StoreConditionKind.IfMatch => new BlobRequestConditions { IfMatch = new ETag(condition.ETag ?? throw new ArgumentException("IfMatch needs an ETag.", nameof(condition))) },
                _ => null,
            },
        };

        try
        {
            var response = await container.GetBlobClient(path).UploadAsync(data, uploadOptions, cancellationToken);
            return StoreWriteResult.Success(response.Value.ETag.ToString());
        }
        catch (RequestFailedException ex) when (BlobStoreErrors.IsConditionFailure(ex, condition.Kind))
        {
            StorageLog.StoreWriteConditionFailed(logger, path, Description, condition.Kind);
            return StoreWriteResult.ConditionFailed;
        }
        catch (Exception ex) when (BlobStoreErrors.IsInfrastructureFailure(ex, cancellationToken))
        {
            throw Failure("write", path, ex);
        }
    }

    public async Task<StoredObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        try
        {
            var result = (await container.GetBlobClient(path).DownloadContentAsync(cancellationToken)).Value;
            return new StoredObject(result.Content.ToMemory(), result.Details.ETag.ToString(), result.Details.LastModified);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (BlobStoreErrors.IsInfrastructureFailure(ex, cancellationToken))
        {
            throw Failure("read", path, ex);
        }
    }

    public async Task<StoredObjectProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken)
    {
        SnapshotPath.Validate(path);
        try
        {
            var response = await container.GetBlobClient(path).GetPropertiesAsync(cancellationToken: cancellationToken);
            var properties = response.Value;
            return new StoredObjectProperties(properties.ETag.ToString(), properties.LastModified, properties.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (Exception ex) when (BlobStoreErrors.IsInfrastructureFailure(ex, cancellationToken))
        {
            throw Failure("read properties", path, ex);
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        SnapshotPath.ValidatePrefix(prefix);
        var pages = container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Page<BlobItem> page;
            try
            {
                if (!await enumerator.MoveNextAsync())
                {
                    yield break;
                }

                page = enumerator.Current;
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
            {
                // No container yet means nothing was ever written.
                yield break;
            }
            catch (Exception ex) when (BlobStoreErrors.IsInfrastructureFailure(ex, cancellationToken))
            {
                throw Failure("list", prefix, ex);
            }

            // The service lists in lexical (ordinal for these ASCII names) order already.
            foreach (var item in page.Values)
            {
                yield return item.Name;
            }
        }
    }

    private async Task EnsureContainerAsync(string path, CancellationToken cancellationToken)
    {
        if (_containerReady)
        {
            return;
        }

        await _containerGate.WaitAsync(cancellationToken);
        try
        {
            if (_containerReady)
            {
                return;
            }

            var created = await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            if (created is not null)
            {
                StorageLog.BlobContainerCreated(logger, Description);
            }

            // Only a success is remembered: after an outage the next write tries again.
            _containerReady = true;
        }
        catch (Exception ex) when (BlobStoreErrors.IsInfrastructureFailure(ex, cancellationToken))
        {
            throw Failure("create container for", path, ex);
        }
        finally
        {
            _containerGate.Release();
        }
    }

    public void Dispose() => _containerGate.Dispose();

    private SnapshotStoreException Failure(string operation, string path, Exception ex)
    {
        var (status, errorCode, reason) = BlobStoreErrors.Explain(ex);
        StorageLog.StoreOperationFailed(logger, ex, operation, path, Description, status, errorCode);
        return new SnapshotStoreException($"Snapshot store {Description} could not {operation} '{path}': {reason}", ex);
    }
}
