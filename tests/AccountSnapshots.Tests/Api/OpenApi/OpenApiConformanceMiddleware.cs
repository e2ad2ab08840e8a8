using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

namespace AccountSnapshots.Tests.Api.OpenApi;

/// <summary>
/// Checks every response a test host sends against the OpenAPI document (<see cref="OpenApiContract"/>): the body is
/// copied as it streams out (the client still gets it as the product wrote it), then checked once the endpoint is
/// done. Hosts collect the violations and fail the test on dispose, so every HTTP test through them is a contract
/// test too.
/// </summary>
internal static class OpenApiConformanceMiddleware
{
    public static void UseOpenApiConformance(this IApplicationBuilder app, ConcurrentQueue<string> violations, ConcurrentQueue<string>? checkedOperations = null)
    {
        app.Use(async (context, next) =>
        {
            var original = context.Response.Body;
            await using var tee = new TeeStream(original);
            context.Response.Body = tee;
            try
            {
                await next(context);
                await tee.FlushAsync(context.RequestAborted);
            }
            finally
            {
                context.Response.Body = original;
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            var request = context.Request;
            var response = context.Response;
            foreach (var violation in OpenApiContract.Product.Check(
                request.Method, request.Path.Value ?? "", response.StatusCode, response.ContentType, response.Headers.ContentEncoding.ToString(), tee.Copy))
            {
                violations.Enqueue(violation);
            }

            if (OpenApiContract.Product.Documents(request.Method, request.Path.Value ?? ""))
            {
                checkedOperations?.Enqueue($"{request.Method} {request.Path.Value} {response.StatusCode} {response.ContentType?.Split(';')[0]}");
            }
        });
    }

    private sealed class TeeStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public byte[] Copy => _copy.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            _copy.Write(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _copy.Write(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
