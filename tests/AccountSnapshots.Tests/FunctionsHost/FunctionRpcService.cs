using AccountSnapshots.Tests.FunctionsHost.Rpc;
using Grpc.Core;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>
/// The server side of <c>FunctionRpc.EventStream</c>, which the host serves and the worker dials (the worker is the
/// gRPC client). Messages from the worker go to <see cref="WorkerStream.Receive"/>; one writer loop sends the
/// host's messages, since a gRPC response stream takes one write at a time.
/// </summary>
internal sealed class FunctionRpcService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var writer = WriteAllAsync(responseStream, done.Token);
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(done.Token))
            {
                stream.Receive(message);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The worker went away or the stand-in is stopping.
        }
        catch (IOException)
        {
            // The worker process was killed mid-stream.
        }
        finally
        {
            await done.CancelAsync();
            await writer;
        }
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in stream.Outbound.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(message, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The call ended.
        }
        catch (InvalidOperationException)
        {
            // The call ended while a write was queued.
        }
    }
}
