using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace AccountSnapshots.Tests.Upstream;

/// <summary>
/// A loopback upstream that answers every GET with one gzip-compressed JSON body (<c>Content-Encoding: gzip</c>):
/// a small body on the wire that inflates to <see cref="InflatedLength"/> bytes.
/// </summary>
internal sealed class GzipUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GzipUpstream(WebApplication app, Uri baseUrl, int compressedLength, int inflatedLength)
    {
        _app = app;
        BaseUrl = baseUrl;
        CompressedLength = compressedLength;
        InflatedLength = inflatedLength;
    }

    public Uri BaseUrl { get; }

    public int CompressedLength { get; }

    public int InflatedLength { get; }

    public static async Task<GzipUpstream> StartAsync(string json)
    {
        var inflated = Encoding.UTF8.GetBytes(json);
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(inflated);
        }

        var compressed = buffer.ToArray();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            context.Response.ContentLength = compressed.Length;
            await context.Response.Body.WriteAsync(compressed);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new GzipUpstream(app, new Uri(address), compressed.Length, inflated.Length);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
