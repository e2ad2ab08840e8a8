using System.Threading.Channels;
using AccountSnapshots.Tests.FunctionsHost.Rpc;

namespace AccountSnapshots.Tests.FunctionsHost;

/// <summary>The host's end of the one EventStream a worker opens: what to send it, and who handles what it sends.</summary>
internal sealed class WorkerStream(Action<StreamingMessage> receive)
{
    private readonly Channel<StreamingMessage> _outbound = Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<StreamingMessage> Outbound => _outbound.Reader;

    public void Send(StreamingMessage message)
    {
        if (!_outbound.Writer.TryWrite(message))
        {
            throw new InvalidOperationException("The stream to the worker is closed.");
        }
    }

    public void Receive(StreamingMessage message) => receive(message);

    public void Complete() => _outbound.Writer.TryComplete();
}
